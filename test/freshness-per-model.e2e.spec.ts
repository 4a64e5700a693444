import { Database } from 'better-sqlite3';
import { comparePositions } from '@app/event-store';
import { LiveReadModels, READ_MODEL_STORE } from '@app/read-models';
import { ROUTE_ARGS_METADATA, SELF_DECLARED_DEPS_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { COMMAND_HANDLER_METADATA, QUERY_HANDLER_METADATA } from '@nestjs/cqrs/dist/decorators/constants';
import { FreshQueryDto } from '../apps/api/src/platform/http/query.dto';
import { routeTable } from '../apps/api/src/platform/http/route-table';
import { QueryReadsPipe } from '../apps/api/src/platform/query-scope/query-reads';
import { READS_MODELS } from '../apps/api/src/platform/query-scope/reads-declaration';
import { startApp, TestApp } from './support/app';

/**
 * Issue 12, per-model freshness: `minPosition` waits only for the read models the query route
 * declares. One read model is held back (a SQLite trigger refuses its write of one report, so its
 * projection parks the event and stops before it); a query that does not read it answers fresh at
 * once, a query that reads it waits and answers 503 naming it.
 *
 *   dist ── xa       a report of xa awaits the district's supervisors (one approval)
 */

async function until<T>(what: string, check: () => Promise<T | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The table each held-back read model writes a report's row to, on SQLite. */
const HELD = {
  // The queue's documents, one per report (id: the report's id).
  approval_queue: (physical: string) => `rm_${physical}`,
  // The totals' kept state of each report (unit-totals.sqlite.ts; id: the report's id).
  unit_totals: (physical: string) => `t_${physical}_reports`,
} as const;

describe.each([
  { held: 'approval_queue' as const, fresh: 'totals' as const },
  { held: 'unit_totals' as const, fresh: 'queue' as const },
])('minPosition with $held held back', ({ held, fresh }) => {
  let app: TestApp;
  const t: Record<string, string> = {};

  beforeAll(async () => {
    app = await startApp({ env: { PROJECTOR_MAX_ATTEMPTS: '3', PROJECTOR_RETRY_MS: '20', READY_REFRESH_MS: '100', LOG_LEVEL: 'error' } });
    t.admin = await app.token('adm', ['admin']);
    t.rep = await app.token('rep-xa', ['reporter:xa']);
    t.sup = await app.token('sup-dist', ['supervisor:dist']);
    await app.ok('POST', '/api/units', t.admin, { id: 'dist', name: 'Ban Dân vận Huyện ủy', kind: 'party-committee' }, 201);
    await app.ok('POST', '/api/units', t.admin, { id: 'xa', name: 'Đảng ủy xã', kind: 'party-committee', parentId: 'dist' }, 201);
    await app.ok('POST', '/api/indicators', t.admin, { code: 'work_days', name: 'ngày công', unit: 'days', aggregation: 'sum', scale: 0 }, 201);
  });
  afterAll(() => app.close());

  /** A report of xa with 10 work days, submitted: the position of its submission. */
  async function submitted(id: string, period: string): Promise<string> {
    await app.ok('POST', '/api/reports', t.rep, { id, unitId: 'xa', period }, 201);
    await app.ok('PUT', `/api/reports/${id}/figures`, t.rep, { figures: [{ indicator: 'work_days', value: 10 }] });
    return (await app.ok('POST', `/api/reports/${id}/submit`, t.rep)).position;
  }
  const totals = (period: string, position: string) => app.http('GET', `/api/totals?unitId=xa&indicator=work_days&period=${period}&minPosition=${position}`, { token: t.sup });
  const queue = (position: string) => app.http('GET', `/api/reports?status=submitted&awaiting=me&minPosition=${position}`, { token: t.sup });

  it(`a query that does not read ${held} answers fresh at once; one that reads it waits and answers 503 naming it`, async () => {
    // Both read models are up to date to begin with (and their tables exist).
    const ok = await submitted('r-ok', '2024');
    expect((await totals('2024', ok)).body.items).toEqual([expect.objectContaining({ proposed: '10' })]);
    expect((await queue(ok)).body.items.map((r: { id: string }) => r.id)).toEqual(['r-ok']);

    // The fault: the held read model's store refuses its row of r-held, and only that one.
    const readModels = app.nest.get<LiveReadModels>(READ_MODEL_STORE);
    const table = HELD[held](await readModels.resolve(held));
    const db = (readModels.physical.native as { kind: 'sqlite'; db: Database }).db;
    db.exec(`CREATE TRIGGER hold BEFORE INSERT ON "${table}" WHEN NEW.id = 'r-held' BEGIN SELECT RAISE(ABORT, 'refused by the test trigger'); END`);

    const position = await submitted('r-held', '2025');
    // The held projection has parked the event and stopped before it: it will not reach `position`.
    const ready = await until(`/health/ready names ${held} stopped`, async () => {
      const res = await app.http('GET', '/health/ready');
      return res.status === 503 && res.body.reasons.some((r: string) => r.startsWith(`projection ${held} stopped`)) ? res : false;
    });
    expect(comparePositions(ready.body.projections.find((p: { name: string }) => p.name === held).checkpoint, position)).toBeLessThan(0);

    const [freshAnswer, waited] = fresh === 'totals' ? [await totals('2025', position), await queue(position)] : [await queue(position), await totals('2025', position)];
    // Fresh: the query's own read models include the submission, the held one is not waited for.
    expect([freshAnswer.status, freshAnswer.body.detail]).toEqual([200, undefined]);
    if (fresh === 'totals') expect(freshAnswer.body.items).toEqual([expect.objectContaining({ period: '2025', proposed: '10' })]);
    else expect(freshAnswer.body.items.map((r: { id: string }) => r.id)).toEqual(['r-held', 'r-ok']);

    // The query that reads the held model waited for it and gave up, naming the models it waited for and the one behind.
    expect(waited.status).toBe(503);
    expect(waited.headers.get('retry-after')).toBe('1');
    expect(waited.body).toMatchObject({ status: 503, title: 'Read models behind' });
    expect(waited.body.detail).toContain(`waited for the read models ${fresh === 'totals' ? 'approval_queue, reports, programs, units' : 'unit_totals, indicators, reviews, units, areas'};`);
    const [, at, behind] = /not at position ([0-9a-f]+) yet: (.*)\.$/.exec(waited.body.detail) ?? [];
    expect([comparePositions(at, position), behind]).toEqual([0, held]);

    // /health still counts every read model: the held one keeps the service degraded.
    expect((await app.http('GET', '/health/ready')).status).toBe(503);
  });
});

describe('every route that takes minPosition', () => {
  let app: TestApp;
  beforeAll(async () => (app = await startApp()));
  afterAll(() => app.close());

  it('declares the read models it reads, and hands its query the read models it opens (@Reads())', () => {
    const takesMinPosition = routeTable(app.nest).filter((r) => r.query && (r.query === FreshQueryDto || r.query.prototype instanceof FreshQueryDto));
    const takesReads = (r: { controller: object; handler: string }) => {
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, r.controller, r.handler) ?? {}) as Record<string, { pipes?: unknown[] }>;
      return Object.values(args).some((a) => a.pipes?.includes(QueryReadsPipe));
    };
    const undeclared = takesMinPosition
      .filter((r) => !Reflect.getMetadata(READS_MODELS, (r.controller.prototype as Record<string, object>)[r.handler]) || !takesReads(r))
      .map((r) => `${r.method} ${r.path}`);
    expect(undeclared).toEqual([]);
    // The filter finds the query routes (not none: then the check above proves nothing).
    expect(takesMinPosition.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(['GET /api/totals', 'GET /api/reports', 'GET /api/units/:id', 'GET /api/audit']));
    expect(takesMinPosition.length).toBeGreaterThanOrEqual(20);
    // Every route that declares read models takes them (a query with a body, the narrative parse, too).
    const declaring = routeTable(app.nest).filter((r) => Reflect.getMetadata(READS_MODELS, (r.controller.prototype as Record<string, object>)[r.handler]));
    expect(declaring.filter((r) => !takesReads(r)).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    expect(declaring.map((r) => `${r.method} ${r.path}`)).toContain('POST /api/reports/:id/figures/parse');
  });

  it('no query handler reads the live read models directly: each reads what its route opened for it', () => {
    type Provider = new (...args: never[]) => unknown;
    const providers = [...app.nest.get(ModulesContainer).values()].flatMap((m) => [...m.providers.values()]).map((w) => w.metatype as Provider | null);
    const handlersOf = (key: string) => providers.filter((t): t is Provider => !!t && Reflect.hasMetadata(key, t));
    const injectsLive = (t: Provider) => ((Reflect.getMetadata(SELF_DECLARED_DEPS_METADATA, t) ?? []) as { param: unknown }[]).some((d) => d.param === READ_MODEL_STORE);
    const handlers = handlersOf(QUERY_HANDLER_METADATA);
    expect(handlers.filter(injectsLive).map((t) => t.name)).toEqual([]);
    // The check sees the handlers, and an injection: submitting a report compares it with approved figures.
    expect(handlers.map((t) => t.name)).toEqual(expect.arrayContaining(['GetTotalsHandler', 'ListReportsHandler', 'ParseFiguresHandler']));
    expect(handlers.length).toBeGreaterThanOrEqual(19);
    expect(handlersOf(COMMAND_HANDLER_METADATA).filter(injectsLive).map((t) => t.name)).toContain('SubmitReportHandler');
  });
});
