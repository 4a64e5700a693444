import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startApp, TestApp } from '../support/app';
import { webTypesOf } from '../../scripts/web-types';

/**
 * The web app's client types are generated from the API's OpenAPI spec and committed. When a route,
 * a parameter or a DTO changes, this fails until `npm run web:types` regenerates them (and the web
 * app's type check, in `npm run typecheck`, then shows every call that no longer fits).
 */
describe('the web app\'s API types', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app.close());

  it('are what openapi-typescript makes of the live spec (run `npm run web:types` when this fails)', async () => {
    const spec = (await app.http('GET', '/docs-json')).body;
    expect(spec.paths['/api/reports/{id}/approve']).toBeDefined();
    const committed = readFileSync(resolve(__dirname, '../../apps/web/src/api/schema.d.ts'), 'utf8');
    const generated = webTypesOf(spec);
    expect(generated.length).toBeGreaterThan(10_000);
    expect(committed).toBe(generated);
  });
});
