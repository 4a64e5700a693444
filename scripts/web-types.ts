import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** openapi-typescript's command line (its package exports do not expose the bin file to require.resolve). */
function cliPath(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const cli = join(dir, 'node_modules', 'openapi-typescript', 'bin', 'cli.js');
    if (existsSync(cli)) return cli;
  }
  throw new Error('openapi-typescript is not installed (npm ci)');
}

/** TypeScript types for the OpenAPI document, as openapi-typescript writes them. */
export function webTypesOf(spec: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'danvan-web-types-'));
  try {
    writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec));
    const cli = cliPath();
    execFileSync(process.execPath, [cli, join(dir, 'spec.json'), '--output', join(dir, 'schema.d.ts')], { stdio: ['ignore', 'ignore', 'inherit'] });
    return readFileSync(join(dir, 'schema.d.ts'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
