/**
 * Prints a signed token for the configured secret:
 *   npm run --silent token -- --sub alice --roles admin,supervisor:daklak-bcd [--expires 12h]
 * It reads the configuration the app reads (the same environment: DATA_DIR, AUTH_JWT_SECRET, ...)
 * and never makes a secret: without AUTH_JWT_SECRET it signs with DATA_DIR/jwt-secret, the one
 * the app generated on its first start, and refuses when that file is not there (a new secret
 * would sign tokens the running app rejects, every call a 401).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfigOrExit } from '@app/shared';
import { embeddedJwtSettings, signToken } from '../apps/api/src/platform/auth/jwt';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const sub = arg('sub');
  const roles = (arg('roles') ?? '').split(',').map((r) => r.trim()).filter(Boolean);
  if (!sub) {
    console.error('usage: npm run --silent token -- --sub <id> --roles <role,role,...> [--expires 12h]');
    process.exit(2);
  }
  const config = loadConfigOrExit();
  if (config.auth.mode === 'hs256' && !config.auth.secret && !existsSync(join(config.dataDir, 'jwt-secret'))) {
    console.error(
      `no signing secret: ${join(config.dataDir, 'jwt-secret')} does not exist, and AUTH_JWT_SECRET is not set.\n` +
        'Set DATA_DIR to the data directory of the app these tokens are for (the app writes jwt-secret there on its first start),\n' +
        'or AUTH_JWT_SECRET to the secret that app uses. This script never makes a secret of its own: the app would reject its tokens.',
    );
    process.exit(2);
  }
  const settings = embeddedJwtSettings(config);
  if (!settings) {
    console.error('AUTH_JWKS_URL is set: tokens come from your OIDC provider, not from this script (which signs only embedded-mode HS256 tokens).');
    process.exit(2);
  }
  process.stdout.write(`${await signToken(settings, { sub, roles }, arg('expires') ?? '12h')}\n`);
}

void main();
