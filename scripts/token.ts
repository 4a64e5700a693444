/**
 * Prints a signed token for the configured secret:
 *   npm run --silent token -- --sub alice --roles admin,supervisor:daklak-bcd [--expires 12h]
 */
import { loadConfig } from '@app/shared';
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
  const config = loadConfig();
  const settings = embeddedJwtSettings(config);
  if (!settings) {
    console.error('AUTH_JWKS_URL is set: tokens come from your OIDC provider, not from this script (which signs only embedded-mode HS256 tokens).');
    process.exit(2);
  }
  process.stdout.write(`${await signToken(settings, { sub, roles }, arg('expires') ?? '12h')}\n`);
}

void main();
