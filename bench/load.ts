/**
 * An open-loop load driver for the HTTP benchmarks: requests leave at evenly spaced moments
 * (one every 1000/rate ms) whatever the server does, and each latency is counted from the moment
 * the request was due, not from when it left (a server that falls behind cannot hide its queue by
 * slowing the client down: no coordinated omission).
 *
 * Why not autocannon's `overallRate`: autocannon paces by the second. Each connection sends its
 * share of the second's requests back to back as soon as the second starts, then waits for the
 * next one, so "500 req/s over 100 connections" is 100 requests in flight at the top of every
 * second and an idle server after that. The latencies it reports are those of that burst, not of
 * a steady 500 req/s (BENCHMARKS.md, "HTTP under load: what the figures say").
 */
import { connect, Socket } from 'node:net';
import { percentile } from './util';

export interface RequestSpec {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** One unit of offered load: a single request, or a flow whose requests run one after the other (a failed one ends the flow). */
export type Work = readonly RequestSpec[];

export interface LoadResult {
  /** Requests sent, answered 2xx, answered otherwise, failed (socket error or timeout). */
  sent: number;
  ok: number;
  notOk: number;
  errors: number;
  /** What the requests not answered 2xx got, counted: their status ("409"), or the error that failed them ("ECONNRESET", "timeout"). */
  notOkBy: Record<string, number>;
  /** From the first due moment to the last answer, seconds. */
  duration: number;
  /** Latency percentiles and maximum, ms: the first request of a unit counts from its due moment, a later one of a flow from when it left. */
  p50: number;
  p99: number;
  max: number;
  /** CPU of this whole process over the run, ms (the driver's own cost; shared by drives that run at once). */
  driverCpuMs: number;
}

export interface LoadOptions {
  base: string;
  /** Units of work per second. */
  rate: number;
  seconds: number;
  /** The next unit of work; called once per due moment. */
  next: () => Work;
  /** Keep-alive sockets at most (requests beyond them wait in the client, their clock running). Default 256. */
  maxSockets?: number;
  timeoutMs?: number;
  /**
   * The first request is due this long after the drive starts (default 0). Drives run side by side
   * at the same rate otherwise send their requests at the same moments, a burst of one from each
   * every period: offsets spread them over the period.
   */
  offsetMs?: number;
}

/**
 * A small HTTP/1.1 client over keep-alive sockets: each request is one buffer written at once, each
 * answer read to its end by its Content-Length (or to the end of a chunked body), then dropped: only
 * its status counts. Node's http client costs
 * the driver about a millisecond of CPU per request on this machine, CPU the server then does not
 * get; this costs a fraction of that. A socket carries one request at a time (no pipelining);
 * requests beyond `maxSockets` in flight wait for a free socket, their clock running.
 */
const LAST_CHUNK = Buffer.from('0\r\n\r\n');

class Connections {
  private readonly idle: Socket[] = [];
  private open = 0;
  private readonly waiting: ((socket: Socket) => void)[] = [];

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly maxSockets: number,
    private readonly timeoutMs: number,
  ) {}

  /** Sends one request; resolves with the answer's status once the whole answer has arrived. */
  async send(spec: RequestSpec): Promise<number> {
    const socket = await this.acquire();
    const body = spec.body === undefined ? null : Buffer.from(spec.body);
    const head = [`${spec.method} ${spec.path} HTTP/1.1`, `host: ${this.host}:${this.port}`, ...Object.entries(spec.headers ?? {}).map(([k, v]) => `${k}: ${v}`)];
    if (body) head.push(`content-length: ${body.length}`);
    const request = Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`), ...(body ? [body] : [])]);
    return new Promise<number>((resolve, reject) => {
      let buffered = Buffer.alloc(0);
      const done = (error: Error | null, status = 0, reuse = false) => {
        clearTimeout(timer);
        socket.off('data', onData);
        socket.off('error', onError);
        socket.off('close', onClose);
        if (reuse) this.release(socket);
        else this.discard(socket);
        if (error) reject(error);
        else resolve(status);
      };
      const onData = (chunk: Buffer) => {
        buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
        const end = buffered.indexOf('\r\n\r\n');
        if (end < 0) return;
        const headers = buffered.subarray(0, end).toString('latin1');
        const status = Number(headers.slice(9, 12));
        const length = /\r\ncontent-length: *(\d+)/i.exec(headers);
        const rest = buffered.subarray(end + 4);
        const close = /\r\nconnection: *close/i.test(headers);
        if (length && rest.length < Number(length[1])) return;
        if (!length && /\r\ntransfer-encoding: *chunked/i.test(headers) && !rest.subarray(-5).equals(LAST_CHUNK)) return;
        done(null, status, !close);
      };
      const onError = (error: Error) => done(error);
      const onClose = () => done(new Error('the server closed the connection'));
      const timer = setTimeout(() => done(new Error(`timeout after ${this.timeoutMs} ms`)), this.timeoutMs);
      socket.on('data', onData);
      socket.on('error', onError);
      socket.on('close', onClose);
      socket.write(request);
    });
  }

  close(): void {
    for (const socket of this.idle.splice(0)) socket.destroy();
  }

  private acquire(): Promise<Socket> {
    const socket = this.idle.pop();
    if (socket) {
      socket.off('close', this.forgetIdle);
      return Promise.resolve(socket);
    }
    if (this.open < this.maxSockets) {
      this.open += 1;
      return new Promise((resolve, reject) => {
        const created = connect({ host: this.host, port: this.port }, () => {
          created.off('error', failed);
          created.setNoDelay(true);
          resolve(created);
        });
        const failed = (error: Error) => {
          this.open -= 1;
          reject(error);
        };
        created.once('error', failed);
      });
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(socket: Socket): void {
    const next = this.waiting.shift();
    if (next) next(socket);
    else {
      // The server closes a keep-alive socket left idle too long (Node's keepAliveTimeout, 5 s):
      // a closed socket leaves the pool then, and is never handed out.
      socket.once('close', this.forgetIdle);
      this.idle.push(socket);
    }
  }

  private readonly forgetIdle = (): void => {
    for (let i = this.idle.length - 1; i >= 0; i--) {
      if (this.idle[i].destroyed) {
        this.idle.splice(i, 1);
        this.open -= 1;
      }
    }
  };

  private discard(socket: Socket): void {
    socket.destroy();
    this.open -= 1;
    const next = this.waiting.shift();
    if (next) this.acquire().then(next, () => this.waiting.unshift(next));
  }
}

/** Drives `next()`'s work at `rate` per second for `seconds`, then waits for every answer. */
export async function openLoop(o: LoadOptions): Promise<LoadResult> {
  const base = new URL(o.base);
  const connections = new Connections(base.hostname, Number(base.port || 80), o.maxSockets ?? 256, o.timeoutMs ?? 30_000);
  const interval = 1000 / o.rate;
  const total = Math.round(o.rate * o.seconds);
  const latencies: number[] = [];
  let sent = 0;
  let ok = 0;
  let notOk = 0;
  let errors = 0;
  const notOkBy: Record<string, number> = {};
  const count = (what: string) => (notOkBy[what] = (notOkBy[what] ?? 0) + 1);
  const inflight: Promise<void>[] = [];

  const run = async (work: Work, due: number) => {
    let from = due;
    for (const spec of work) {
      sent += 1;
      try {
        const status = await connections.send(spec);
        latencies.push(performance.now() - from);
        if (status >= 200 && status < 300) ok += 1;
        else notOk += 1, count(String(status));
        // A failed request ends its flow: the rest would fail for its sake.
        if (status >= 300) return;
      } catch (error) {
        errors += 1;
        count((error as NodeJS.ErrnoException).code ?? (error as Error).message ?? String(error));
        return;
      }
      from = performance.now();
    }
  };

  // Sleep until the next due moment and start whatever has come due by then (no busy wait and no
  // idle ticks: the driver shares the machine's two cores with the server). A timer fires up to a
  // millisecond late; a start later than its due moment is charged to the request's latency, so the
  // driver's own lateness can only make the figures worse.
  const cpuBefore = process.cpuUsage();
  const started = performance.now() + (o.offsetMs ?? 0);
  for (let i = 0; i < total; ) {
    const now = performance.now();
    for (; i < total && started + i * interval <= now; i++) {
      const due = started + i * interval;
      inflight.push(run(o.next(), due));
    }
    if (i < total) await new Promise((r) => setTimeout(r, Math.max(0, started + i * interval - performance.now())));
  }
  await Promise.all(inflight);
  const duration = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  connections.close();
  latencies.sort((a, b) => a - b);
  return {
    sent,
    ok,
    notOk,
    errors,
    notOkBy,
    duration,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? NaN,
    driverCpuMs: (cpu.user + cpu.system) / 1000,
  };
}
