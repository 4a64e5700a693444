/**
 * Regenerates the web app's API types from the live OpenAPI spec:
 *   npm run web:types            (writes apps/web/src/api/schema.d.ts)
 * It boots the API on an empty temporary data dir and loopback port, reads /docs-json, stops.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '@app/shared';
import { createApp } from '../apps/api/src/bootstrap';
import { webTypesOf } from './web-types';

async function main(): Promise<void> {
  const out = resolve(process.argv[2] ?? 'apps/web/src/api/schema.d.ts');
  const dataDir = mkdtempSync(join(tmpdir(), 'danvan-openapi-'));
  const app = await createApp(loadConfig({ DATA_DIR: dataDir, DEMO_DATA: 'false', LOG_LEVEL: 'error', PORT: '0' }));
  try {
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as { port: number };
    const spec = await (await fetch(`http://127.0.0.1:${port}/docs-json`)).json();
    writeFileSync(out, webTypesOf(spec));
    console.log(`wrote ${out}`);
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main();
