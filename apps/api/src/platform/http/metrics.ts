import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { AppendTooLargeError, EventStore, WrongExpectedRevisionError } from '@app/event-store';
import { DENIAL_CODES, DenialCode } from '../auth/security-metrics';

/**
 * The process's Prometheus metrics, served as text at GET /metrics. One registry per app (not
 * prom-client's global one), so several apps in one process (the e2e suites) count apart.
 * Per process and reset on restart: rates and alerts, not a ledger (the log has each request and
 * denial with its request id).
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  /** Latency by route template (`/api/reports/:id`, never the id), method and status. */
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route template, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly denials = new Counter({
    name: 'danvan_denied_requests_total',
    help: 'Requests refused (401, 403, 429, or hidden as 404), by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly appends = new Counter({
    name: 'danvan_appends_total',
    help: 'Appends to the event store by result (ok, conflict, too_large, error)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  readonly appendedEvents = new Counter({
    name: 'danvan_appended_events_total',
    help: 'Events appended to the event store',
    registers: [this.registry],
  });

  readonly projectionLag = new Gauge({
    name: 'danvan_projection_lag_events',
    help: 'Events in the log past the live build\'s checkpoint (counted up to READY_MAX_LAG + 1), as of the last readiness refresh',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });

  readonly projectionParked = new Gauge({
    name: 'danvan_projection_parked_events',
    help: 'Events the live build parked after failing (npm run projections -- status)',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });

  readonly projectionStalled = new Gauge({
    name: 'danvan_projection_stalled_seconds',
    help: 'Seconds the projection has been behind the log without moving its checkpoint',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });

  constructor() {
    for (const reason of DENIAL_CODES) this.denials.inc({ reason }, 0);
    for (const result of ['ok', 'conflict', 'too_large', 'error']) this.appends.inc({ result }, 0);
    collectDefaultMetrics({ register: this.registry });
  }

  denied(code: DenialCode): void {
    this.denials.inc({ reason: code });
  }

  responded(route: string, method: string, status: number, seconds: number): void {
    this.httpDuration.observe({ route, method, status: String(status) }, seconds);
  }

  projection(name: string, state: { lag: number; parked: number; stalledSeconds: number }): void {
    this.projectionLag.set({ projection: name }, state.lag);
    this.projectionParked.set({ projection: name }, state.parked);
    this.projectionStalled.set({ projection: name }, state.stalledSeconds);
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

/** The event store with its appends counted; every other call goes straight through. */
export function countingAppends(store: EventStore, metrics: Metrics): EventStore {
  const append: EventStore['append'] = async (streamId, events, expected) => {
    try {
      const result = await store.append(streamId, events, expected);
      metrics.appends.inc({ result: 'ok' });
      metrics.appendedEvents.inc(events.length);
      return result;
    } catch (error) {
      const result = error instanceof WrongExpectedRevisionError ? 'conflict' : error instanceof AppendTooLargeError ? 'too_large' : 'error';
      metrics.appends.inc({ result });
      throw error;
    }
  };
  return new Proxy(store, {
    get(target, key) {
      if (key === 'append') return append;
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
