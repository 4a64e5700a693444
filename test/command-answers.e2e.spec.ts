import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { answererOf } from '../apps/api/src/platform/commands/command-answer';
import { COMMAND_ANSWER } from '../apps/api/src/platform/http/api-responses';
import { routeTable } from '../apps/api/src/platform/http/route-table';
import { startApp, TestApp } from './support/app';

/**
 * A command route answers `{id, revision, position}` with the revision as ETag only if it hands its
 * command's result to `@Answer()`: a route marked `@CommandAnswer` without it would send whatever its
 * handler returned (the appended events too) and no ETag.
 */
describe('command routes', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app.close());

  it('every route marked @CommandAnswer takes @Answer(), and none other does', () => {
    const routes = routeTable(app.nest).map((r) => {
      const handler = (r.controller.prototype as Record<string, object>)[r.handler];
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, r.controller, r.handler) ?? {}) as Record<string, { factory?: unknown }>;
      return { route: `${r.method} ${r.path}`, marked: Reflect.getMetadata(COMMAND_ANSWER, handler) === true, answers: Object.values(args).some((a) => a.factory === answererOf) };
    });
    expect(routes.filter((r) => r.marked !== r.answers)).toEqual([]);
    // The check above sees the command routes (not none: then it proves nothing).
    const commands = routes.filter((r) => r.marked).map((r) => r.route);
    expect(commands).toEqual(expect.arrayContaining(['PUT /api/reports/:id/figures', 'POST /api/reports', 'POST /api/reports/:id/approve', 'POST /api/reports/:id/figures/import']));
    expect(commands.length).toBe(28);
  });

  it('answers the command, with the revision as ETag and nothing of what the handler keeps inside', async () => {
    const admin = await app.token('admin-1', ['admin']);
    const res = await app.http('POST', '/api/units', { token: admin, body: { id: 'u-answer', name: 'Đồn Biên phòng', kind: 'border-guard' } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: 'u-answer', revision: 0, position: expect.any(String) });
    expect(res.headers.get('etag')).toBe('"0"');
  });
});
