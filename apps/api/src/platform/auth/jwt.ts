import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRemoteJWKSet, JWTPayload, jwtVerify, SignJWT } from 'jose';
import { AppConfig } from '@app/shared';

/** What signing a token for the embedded mode needs (the token script, the tests). */
export interface JwtSettings {
  secret: Uint8Array;
  issuer: string;
  audience: string;
}

/** What a verified token says about its bearer; `roles` is still untrusted input for parseRoles. */
export interface VerifiedClaims {
  sub: string;
  roles: unknown;
}

export type TokenVerifier = (token: string) => Promise<VerifiedClaims>;

/**
 * The HS256 secret: AUTH_JWT_SECRET when set; otherwise one created on first start and kept in
 * DATA_DIR (mode 0600), so tokens stay valid across restarts of the embedded default.
 */
export function resolveSecret(configured: string | undefined, dataDir: string): Uint8Array {
  if (configured) return new TextEncoder().encode(configured);
  const file = join(dataDir, 'jwt-secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600, flag: 'wx' });
  }
  chmodSync(file, 0o600);
  return new TextEncoder().encode(readFileSync(file, 'utf8').trim());
}

/** The embedded mode's signing settings, or null in JWKS mode (where only the provider signs). */
export function embeddedJwtSettings(config: AppConfig): JwtSettings | null {
  if (config.auth.mode !== 'hs256') return null;
  return { secret: resolveSecret(config.auth.secret, config.dataDir), issuer: config.auth.issuer, audience: config.auth.audience };
}

export async function signToken(
  settings: JwtSettings,
  claims: { sub: string; roles: string[] },
  expiresIn: string | number = '12h',
): Promise<string> {
  return new SignJWT({ roles: claims.roles })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(settings.secret);
}

/** `sub` becomes the actor of every event and the rate-limit key: a bounded, printable string. */
const SUB_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** How the verifier keeps tokens it has verified (see `createTokenVerifier`). */
export interface TokenVerifierOptions {
  /** The clock, in ms since the epoch; jose checks `exp` and `nbf` against it too. */
  now?: () => number;
  /** Most tokens kept (default 4096); the oldest kept goes first. */
  cacheSize?: number;
  /** How long a verified token is answered from memory before it is verified again (default 60 s), never past its `exp`. */
  cacheMs?: number;
}

/** Longer tokens are verified every time, not kept: the cache holds at most cacheSize × this many characters. */
const MAX_CACHED_TOKEN_LENGTH = 2048;

/**
 * Builds the one verifier the API uses. Every mode checks the signature, `exp` (required), `iss`
 * and `aud`, and pins the algorithms: HS256 only with the local secret; in JWKS mode only the
 * configured asymmetric algorithms, so neither `alg: none` nor an HS256 token "signed" with the
 * provider's public key (algorithm confusion) can pass. jose also refuses a JWK whose `alg` or key
 * type does not fit the token's header.
 *
 * A client sends the same token with every request, and verifying it (a WebCrypto HMAC or
 * signature check through jose) was a tenth of the CPU a command cost. So a token that passed is
 * kept, by its exact text, and the same text is answered from memory until the earlier of its
 * `exp` and `cacheMs` after it was verified (then it is verified again: in JWKS mode a key the
 * provider withdrew is trusted at most that much longer than jose's key cache keeps it). Only tokens that
 * passed are kept; a token that differs in any character is verified in full.
 */
export function createTokenVerifier(config: AppConfig, options: TokenVerifierOptions = {}): TokenVerifier {
  const { now = Date.now, cacheSize = 4096, cacheMs = 60_000 } = options;
  const auth = config.auth;
  const checks = () => ({ issuer: auth.issuer, audience: auth.audience, requiredClaims: ['sub', 'exp'], currentDate: new Date(now()) });
  let verify: (token: string) => Promise<JWTPayload>;
  if (auth.mode === 'jwks') {
    // Keys are cached; an unknown `kid` triggers a refetch at most every 30 s, so a flood of
    // forged kids cannot turn into a flood of requests to the provider.
    const keys = createRemoteJWKSet(new URL(auth.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
    verify = async (token) => (await jwtVerify(token, keys, { ...checks(), algorithms: auth.algorithms })).payload;
  } else {
    const secret = resolveSecret(auth.secret, config.dataDir);
    verify = async (token) => (await jwtVerify(token, secret, { ...checks(), algorithms: ['HS256'] })).payload;
  }
  const verified = new Map<string, { claims: VerifiedClaims; until: number }>();
  return async (token) => {
    const kept = verified.get(token);
    if (kept && now() < kept.until) return kept.claims;
    if (kept) verified.delete(token);
    const payload = await verify(token);
    if (typeof payload.sub !== 'string' || !SUB_PATTERN.test(payload.sub)) throw new Error('sub must be 1-255 visible ASCII characters');
    const claims: VerifiedClaims = Object.freeze({ sub: payload.sub, roles: claimAt(payload, auth.rolesClaim) });
    // jose refuses a token once now >= exp (seconds): the same bound in ms.
    const until = Math.min((payload.exp as number) * 1000, now() + cacheMs);
    if (cacheSize > 0 && token.length <= MAX_CACHED_TOKEN_LENGTH) {
      while (verified.size >= cacheSize) verified.delete(verified.keys().next().value!);
      verified.set(token, { claims, until });
    }
    return claims;
  };
}

/**
 * The roles claim: an exact top-level name first (namespaced claims such as
 * `https://example.org/roles` contain dots), else a dotted path (Keycloak's `realm_access.roles`).
 */
export function claimAt(payload: JWTPayload, name: string): unknown {
  if (Object.prototype.hasOwnProperty.call(payload, name)) return payload[name];
  let value: unknown = payload;
  for (const part of name.split('.')) {
    if (!value || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}
