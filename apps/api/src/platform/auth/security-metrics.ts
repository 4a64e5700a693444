import { Injectable } from '@nestjs/common';

export type DenialCode = 'missing_token' | 'invalid_token' | 'no_policy' | 'role' | 'object_access' | 'rate_limit';

/**
 * In-process counters for denied requests and responses by status class, served at GET /metrics.
 * Per process and reset on restart: an alert on a rising rate, not a ledger (the log has each
 * denial with its principal, route, reason and request id).
 */
@Injectable()
export class SecurityMetrics {
  readonly since = new Date().toISOString();
  private readonly denials: Record<DenialCode, number> = {
    missing_token: 0, invalid_token: 0, no_policy: 0, role: 0, object_access: 0, rate_limit: 0,
  };
  private readonly responses: Record<'2xx' | '3xx' | '4xx' | '5xx', number> = { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 };

  denied(code: DenialCode): void {
    this.denials[code]++;
  }

  responded(status: number): void {
    const bucket = `${Math.min(5, Math.max(2, Math.floor(status / 100)))}xx` as keyof typeof this.responses;
    this.responses[bucket]++;
  }

  snapshot() {
    const total = Object.values(this.denials).reduce((a, b) => a + b, 0);
    return { since: this.since, denied: { total, byReason: { ...this.denials } }, responses: { ...this.responses } };
  }
}
