/**
 * The signed-in user's token: in this tab's sessionStorage only (gone when the tab closes), never
 * in a URL, a cookie or localStorage. Claims are read for display and to decide which buttons to
 * show; the API checks the signature and every permission itself.
 */
const KEY = 'danvan.token';
type Listener = () => void;
const listeners = new Set<Listener>();
let signOutReason: string | null = null;

export function currentToken(): string | null {
  return sessionStorage.getItem(KEY);
}

export function signIn(token: string): void {
  sessionStorage.setItem(KEY, token);
  signOutReason = null;
  listeners.forEach((l) => l());
}

export function signOut(reason: string | null = null): void {
  sessionStorage.removeItem(KEY);
  signOutReason = reason;
  listeners.forEach((l) => l());
}

export function lastSignOutReason(): string | null {
  return signOutReason;
}

export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}

export interface Claims {
  sub: string;
  roles: string[];
  exp?: number;
}

function base64UrlJson(part: string): unknown {
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** The payload's `sub` and roles (at the configured claim, a dotted path as the API reads it). */
export function claimsOf(token: string, rolesClaim = 'roles'): Claims | null {
  try {
    const payload = base64UrlJson(token.split('.')[1]) as Record<string, unknown>;
    let roles: unknown = payload[rolesClaim];
    if (roles === undefined) roles = rolesClaim.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), payload);
    return {
      sub: String(payload.sub ?? ''),
      roles: Array.isArray(roles) ? roles.filter((r): r is string => typeof r === 'string') : typeof roles === 'string' ? roles.split(/[ ,]+/) : [],
      exp: typeof payload.exp === 'number' ? payload.exp : undefined,
    };
  } catch {
    return null;
  }
}

export const supervisedUnits = (claims: Claims | null) => (claims?.roles ?? []).filter((r) => r.startsWith('supervisor:')).map((r) => r.slice('supervisor:'.length));
export const isAuditor = (claims: Claims | null) => (claims?.roles ?? []).some((r) => r === 'auditor' || r === 'admin');
