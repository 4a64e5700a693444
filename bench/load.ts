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
 * a steady 500 req/s (see BENCHMARKS.md, "The load generator").
 */
import { Agent, request as httpRequest } from 'node:http';
import { percentile } from './util';

export interface RequestSpec {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** One unit of offered load: a single request, or a flow whose steps run one after the other (a step sees the answers before it). */
export type Work = ((previous: readonly Answer[]) => RequestSpec)[];

export interface Answer {
  status: number;
  body: string;
}

export interface LoadResult {
  /** Units of work offered (requests, or flows). */
  offered: number;
  /** Requests sent, answered 2xx, answered otherwise, failed (socket error or timeout). */
  sent: number;
  ok: number;
  notOk: number;
  errors: number;
  /** From the first due moment to the last answer, seconds. */
  duration: number;
  /** Per request, ms, sorted; the first request of a unit counts from its due moment, a later step from when it left. */
  latencies: number[];
  p50: number;
  p99: number;
  max: number;
  /** Due moments missed by more than 5 ms on the client's side (the driver itself was late). */
  lateStarts: number;
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
}

function send(agent: Agent, base: URL, spec: RequestSpec, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...(spec.headers ?? {}) };
    if (spec.body !== undefined) headers['content-length'] = Buffer.byteLength(spec.body);
    const req = httpRequest({ agent, host: base.hostname, port: base.port, method: spec.method, path: spec.path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(spec.body);
  });
}

/** Drives `next()`'s work at `rate` per second for `seconds`, then waits for every answer. */
export async function openLoop(o: LoadOptions): Promise<LoadResult> {
  const base = new URL(o.base);
  const agent = new Agent({ keepAlive: true, maxSockets: o.maxSockets ?? 256 });
  const timeoutMs = o.timeoutMs ?? 30_000;
  const interval = 1000 / o.rate;
  const total = Math.round(o.rate * o.seconds);
  const latencies: number[] = [];
  let sent = 0;
  let ok = 0;
  let notOk = 0;
  let errors = 0;
  let lateStarts = 0;
  const inflight: Promise<void>[] = [];

  const run = async (work: Work, due: number) => {
    const answers: Answer[] = [];
    let from = due;
    for (const step of work) {
      let spec: RequestSpec;
      try {
        spec = step(answers);
      } catch {
        errors += 1;
        return; // a step that cannot be built after a failed one: the rest of the unit is not sent
      }
      sent += 1;
      try {
        const answer = await send(agent, base, spec, timeoutMs);
        latencies.push(performance.now() - from);
        if (answer.status >= 200 && answer.status < 300) ok += 1;
        else notOk += 1;
        answers.push(answer);
        if (answer.status >= 300) return;
      } catch {
        errors += 1;
        return;
      }
      from = performance.now();
    }
  };

  // Wake about every millisecond and start whatever has come due (no busy wait: the driver shares
  // the machine's two cores with the server). A start later than its due moment is charged to the
  // request's latency, so the driver's own lateness can only make the figures worse.
  const started = performance.now();
  for (let i = 0; i < total; ) {
    const now = performance.now();
    for (; i < total && started + i * interval <= now; i++) {
      const due = started + i * interval;
      if (now - due > 5) lateStarts += 1;
      inflight.push(run(o.next(), due));
    }
    if (i < total) await new Promise((r) => setTimeout(r, Math.max(0, Math.min(started + i * interval - performance.now(), 1))));
  }
  await Promise.all(inflight);
  const duration = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    offered: total,
    sent,
    ok,
    notOk,
    errors,
    duration,
    latencies,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? NaN,
    lateStarts,
  };
}
