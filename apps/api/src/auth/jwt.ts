import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jwtVerify, SignJWT } from 'jose';

export interface JwtSettings {
  secret: Uint8Array;
  issuer: string;
  audience: string;
}

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

/** Verifies signature, algorithm (HS256 only), exp, iss and aud; returns the claims or throws. */
export async function verifyToken(settings: JwtSettings, token: string): Promise<{ sub: string; roles: unknown }> {
  const { payload } = await jwtVerify(token, settings.secret, {
    algorithms: ['HS256'],
    issuer: settings.issuer,
    audience: settings.audience,
    requiredClaims: ['sub', 'exp'],
  });
  return { sub: payload.sub!, roles: payload.roles };
}
