/** Who is calling, from a verified token. Roles: admin, auditor, reporter:<unitId>, supervisor:<unitId>. */
export class Principal {
  readonly reporterOf: ReadonlySet<string>;
  readonly supervisorOf: ReadonlySet<string>;
  readonly isAdmin: boolean;
  readonly isAuditor: boolean;

  constructor(
    readonly sub: string,
    readonly roles: readonly string[],
  ) {
    this.isAdmin = roles.includes('admin');
    this.isAuditor = roles.includes('auditor');
    this.reporterOf = new Set(roles.filter((r) => r.startsWith('reporter:')).map((r) => r.slice('reporter:'.length)));
    this.supervisorOf = new Set(roles.filter((r) => r.startsWith('supervisor:')).map((r) => r.slice('supervisor:'.length)));
  }

  /** Reads every unit: auditors and admins. */
  get readsAll(): boolean {
    return this.isAdmin || this.isAuditor;
  }
}

const ROLE_PATTERN = /^(admin|auditor|(reporter|supervisor):[A-Za-z0-9][A-Za-z0-9._-]{0,99})$/;

/** Unknown or malformed roles are dropped rather than trusted. */
export function parseRoles(claim: unknown): string[] {
  if (!Array.isArray(claim)) return [];
  return claim.filter((r): r is string => typeof r === 'string' && ROLE_PATTERN.test(r));
}
