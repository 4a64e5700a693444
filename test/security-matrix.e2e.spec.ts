import { routeTable } from '../apps/api/src/platform/http/route-table';
import { HttpResult, startApp, TestApp } from './support/app';
import { denials } from './support/metrics';

/**
 * Who may do what (OWASP API1/API5), cell by cell: every role × every route × an object in scope
 * and one out of scope, with the expected status. A command runs on a fresh object per cell,
 * prepared into the state the command needs, so a cell tests access and nothing else.
 *
 *   prov ─┬─ dist-a ── unit-a1   unit A: the reporter's unit, under supervisor A
 *         └─ dist-b ── unit-b1   unit B: under supervisor B only
 *
 * Programs: program A is steered by dist-a, program B by dist-b; both have both units as parties.
 * Object `A@B` is a report of unit A filed under program B: its unit's supervisor (A) and the
 * program's steering supervisor (B) may both review it.
 */

const PRINCIPALS = {
  admin: ['admin'],
  auditor: ['auditor'],
  reporter: ['reporter:unit-a1'],
  supA: ['supervisor:dist-a'],
  supB: ['supervisor:dist-b'],
  'admin+supA': ['admin', 'supervisor:dist-a'],
  anonymous: null,
} as const;
type Who = keyof typeof PRINCIPALS;
const WHO = Object.keys(PRINCIPALS) as Who[];

type Obj = 'A' | 'B' | 'A@B' | '-';
type ReportState = 'draft' | 'filled' | 'submitted' | 'approved';
/** What a cell needs freshly made before it runs. */
type Fresh = ReportState | 'unit' | 'area' | 'two-areas' | 'program' | 'assignment';

interface Row {
  route: string;
  object: Obj;
  fresh?: Fresh;
  //          admin auditor reporter supA supB admin+supA anonymous
  expect: [number, number, number, number, number, number, number];
  /** For lists: which units each principal may see in the answer. */
  visible?: Partial<Record<Who, string[]>>;
}

const R = 200;
const C = 201;
const ADMIN_ONLY_CREATE: Row['expect'] = [C, 403, 403, 403, 403, C, 401];
const ADMIN_ONLY: Row['expect'] = [R, 403, 403, 403, 403, R, 401];
const EVERYONE: Row['expect'] = [R, R, R, R, R, R, 401];
/** Admins and the supervisors of a program's steering unit manage it. */
const MANAGE_A: Row['expect'] = [R, 403, 403, R, 403, R, 401];
const MANAGE_B: Row['expect'] = [R, 403, 403, 403, R, R, 401];

const MATRIX: Row[] = [
  // Reference data: admins write it, every authenticated caller reads it.
  { route: 'POST /api/units', object: '-', expect: ADMIN_ONLY_CREATE },
  { route: 'POST /api/units/:id/rename', object: '-', fresh: 'unit', expect: ADMIN_ONLY },
  { route: 'POST /api/units/:id/move', object: '-', fresh: 'unit', expect: ADMIN_ONLY },
  { route: 'POST /api/units/:id/succeed', object: '-', fresh: 'unit', expect: ADMIN_ONLY },
  // A unit's approval levels (reports under no program): admins, and the supervisors of the unit and of its final level.
  { route: 'POST /api/units/:id/approval-levels', object: 'A', fresh: 'unit', expect: MANAGE_A },
  { route: 'POST /api/units/:id/approval-levels', object: 'B', fresh: 'unit', expect: MANAGE_B },
  { route: 'GET /api/units', object: '-', expect: EVERYONE },
  { route: 'GET /api/units/:id', object: 'A', expect: EVERYONE },
  { route: 'GET /api/units/:id', object: 'B', expect: EVERYONE },
  { route: 'POST /api/indicators', object: '-', expect: ADMIN_ONLY_CREATE },
  { route: 'GET /api/indicators', object: '-', expect: EVERYONE },
  { route: 'PUT /api/indicators/:code/rules', object: '-', expect: ADMIN_ONLY },
  { route: 'POST /api/areas', object: '-', expect: ADMIN_ONLY_CREATE },
  { route: 'POST /api/areas/merge', object: '-', fresh: 'two-areas', expect: ADMIN_ONLY },
  { route: 'POST /api/areas/:code/rename', object: '-', fresh: 'area', expect: ADMIN_ONLY },
  { route: 'POST /api/areas/:code/reparent', object: '-', fresh: 'area', expect: ADMIN_ONLY },
  { route: 'POST /api/areas/:code/split', object: '-', fresh: 'area', expect: ADMIN_ONLY },
  { route: 'GET /api/areas', object: '-', expect: EVERYONE },
  { route: 'GET /api/areas/:code', object: '-', expect: EVERYONE },
  // Programs: admins create them; admins and the steering supervisors sign, plan, close, assign.
  { route: 'POST /api/programs', object: '-', expect: ADMIN_ONLY_CREATE },
  { route: 'POST /api/programs/:id/sign', object: 'A', fresh: 'program', expect: MANAGE_A },
  { route: 'POST /api/programs/:id/sign', object: 'B', fresh: 'program', expect: MANAGE_B },
  { route: 'POST /api/programs/:id/plans', object: 'A', fresh: 'program', expect: MANAGE_A },
  { route: 'POST /api/programs/:id/plans', object: 'B', fresh: 'program', expect: MANAGE_B },
  { route: 'POST /api/programs/:id/parties', object: 'A', fresh: 'program', expect: MANAGE_A },
  { route: 'POST /api/programs/:id/approval-levels', object: 'A', fresh: 'program', expect: MANAGE_A },
  { route: 'POST /api/programs/:id/approval-levels', object: 'B', fresh: 'program', expect: MANAGE_B },
  { route: 'POST /api/programs/:id/parties', object: 'B', fresh: 'program', expect: MANAGE_B },
  { route: 'POST /api/programs/:id/close', object: 'A', fresh: 'program', expect: MANAGE_A },
  { route: 'POST /api/programs/:id/close', object: 'B', fresh: 'program', expect: MANAGE_B },
  // Review conferences: recorded by admins and the steering supervisors; read by everyone (each sees the units in scope).
  { route: 'POST /api/programs/:id/reviews', object: 'A', fresh: 'program', expect: [C, 403, 403, C, 403, C, 401] },
  { route: 'POST /api/programs/:id/reviews', object: 'B', fresh: 'program', expect: [C, 403, 403, 403, C, C, 401] },
  { route: 'GET /api/programs/:id/reviews', object: 'A', expect: EVERYONE },
  { route: 'GET /api/programs/:id/reviews/:reviewId', object: 'A', expect: EVERYONE },
  { route: 'GET /api/programs', object: '-', expect: EVERYONE },
  { route: 'GET /api/programs/:id', object: 'A', expect: EVERYONE },
  { route: 'GET /api/programs/:id/completeness', object: 'A', expect: [R, R, 403, R, 403, R, 401] },
  { route: 'GET /api/programs/:id/completeness', object: 'B', expect: [R, R, 403, 403, R, R, 401] },
  { route: 'POST /api/assignments', object: 'A', fresh: 'area', expect: [C, 403, 403, C, 403, C, 401] },
  { route: 'POST /api/assignments', object: 'B', fresh: 'area', expect: [C, 403, 403, 403, C, C, 401] },
  { route: 'POST /api/assignments/:id/end', object: 'A', fresh: 'assignment', expect: MANAGE_A },
  { route: 'POST /api/assignments/:id/end', object: 'B', fresh: 'assignment', expect: MANAGE_B },
  { route: 'GET /api/assignments', object: '-', expect: EVERYONE },
  { route: 'GET /api/assignments/:id', object: 'A', expect: EVERYONE },
  { route: 'GET /api/areas/:code/assignments', object: '-', expect: EVERYONE },
  // Writing reports: only a reporter of the report's unit. Admins and supervisors write nothing.
  { route: 'POST /api/reports', object: 'A', expect: [403, 403, C, 403, 403, 403, 401] },
  { route: 'POST /api/reports', object: 'B', expect: [403, 403, 403, 403, 403, 403, 401] },
  // A command on a report the caller may not read answers 404, as reading it does; one the caller
  // may read but not change, 403.
  { route: 'PUT /api/reports/:id/figures', object: 'A', fresh: 'draft', expect: [403, 403, R, 403, 404, 403, 401] },
  { route: 'PUT /api/reports/:id/figures', object: 'B', fresh: 'draft', expect: [403, 403, 404, 404, 403, 403, 401] },
  { route: 'POST /api/reports/:id/figures/import', object: 'A', fresh: 'draft', expect: [403, 403, R, 403, 404, 403, 401] },
  { route: 'POST /api/reports/:id/figures/import', object: 'B', fresh: 'draft', expect: [403, 403, 404, 404, 403, 403, 401] },
  { route: 'POST /api/reports/:id/figures/parse', object: 'A', expect: [403, 403, R, 403, 404, 403, 401] },
  { route: 'POST /api/reports/:id/figures/parse', object: 'B', expect: [403, 403, 404, 404, 403, 403, 401] },
  { route: 'POST /api/reports/:id/submit', object: 'A', fresh: 'filled', expect: [403, 403, R, 403, 404, 403, 401] },
  { route: 'POST /api/reports/:id/submit', object: 'B', fresh: 'filled', expect: [403, 403, 404, 404, 403, 403, 401] },
  // Deciding: a supervisor of the unit or above, or of the program's steering unit; an admin
  // only when also such a supervisor.
  { route: 'POST /api/reports/:id/approve', object: 'A', fresh: 'submitted', expect: [403, 403, 403, R, 404, R, 401] },
  { route: 'POST /api/reports/:id/approve', object: 'B', fresh: 'submitted', expect: [403, 403, 404, 404, R, 403, 401] },
  { route: 'POST /api/reports/:id/approve', object: 'A@B', fresh: 'submitted', expect: [403, 403, 403, R, R, R, 401] },
  { route: 'POST /api/reports/:id/reject', object: 'A', fresh: 'submitted', expect: [403, 403, 403, R, 404, R, 401] },
  { route: 'POST /api/reports/:id/reject', object: 'B', fresh: 'submitted', expect: [403, 403, 404, 404, R, 403, 401] },
  { route: 'POST /api/reports/:id/reopen', object: 'A', fresh: 'approved', expect: [403, 403, 403, R, 404, R, 401] },
  { route: 'POST /api/reports/:id/reopen', object: 'B', fresh: 'approved', expect: [403, 403, 404, 404, R, 403, 401] },
  // Reading reports: out of scope is 404, as if it did not exist.
  { route: 'GET /api/reports/:id', object: 'A', expect: [R, R, R, R, 404, R, 401] },
  { route: 'GET /api/reports/:id', object: 'B', expect: [R, R, 404, 404, R, R, 401] },
  { route: 'GET /api/reports/:id', object: 'A@B', expect: [R, R, R, R, R, R, 401] },
  { route: 'GET /api/reports/:id/history', object: 'A', expect: [R, R, R, R, 404, R, 401] },
  { route: 'GET /api/reports/:id/history', object: 'B', expect: [R, R, 404, 404, R, R, 401] },
  { route: 'GET /api/reports/:id/history', object: 'A@B', expect: [R, R, R, R, R, R, 401] },
  { route: 'GET /api/reports', object: '-', expect: EVERYONE, visible: { admin: ['unit-a1', 'unit-b1'], auditor: ['unit-a1', 'unit-b1'], reporter: ['unit-a1'], supA: ['unit-a1'], supB: ['unit-b1'] } },
  { route: 'GET /api/reports', object: 'A', expect: [R, R, R, R, 403, R, 401] },
  { route: 'GET /api/reports', object: 'B', expect: [R, R, 403, 403, R, R, 401] },
  { route: 'GET /api/totals', object: '-', expect: EVERYONE, visible: { admin: ['unit-a1', 'unit-b1'], reporter: ['unit-a1'], supA: ['unit-a1'], supB: ['unit-b1'] } },
  { route: 'GET /api/totals', object: 'A', expect: [R, R, R, R, 403, R, 401] },
  { route: 'GET /api/totals', object: 'B', expect: [R, R, 403, 403, R, R, 401] },
  { route: 'GET /api/totals/breakdown', object: '-', expect: EVERYONE },
  { route: 'GET /api/totals/breakdown', object: 'A', expect: [R, R, R, R, 403, R, 401] },
  { route: 'GET /api/totals/breakdown', object: 'B', expect: [R, R, 403, 403, R, R, 401] },
  // Lineage is for auditors (and admins) and the unit's supervisors, not its reporters.
  { route: 'GET /api/totals/explain', object: 'A', expect: [R, R, 403, R, 403, R, 401] },
  { route: 'GET /api/totals/explain', object: 'B', expect: [R, R, 403, 403, R, R, 401] },
  { route: 'GET /api/summaries/:period', object: '-', expect: EVERYONE },
  // The audit trail and the security counters: auditors and admins.
  { route: 'GET /api/audit', object: 'A', expect: [R, R, 403, 403, 403, R, 401] },
  { route: 'GET /api/audit', object: 'B', expect: [R, R, 403, 403, 403, R, 401] },
  { route: 'GET /api/audit/verify', object: '-', expect: [R, R, 403, 403, 403, R, 401] },
  { route: 'GET /metrics', object: '-', expect: [R, R, 403, 403, 403, R, 401] },
  { route: 'GET /health', object: '-', expect: [R, R, R, R, R, R, R] },
  { route: 'GET /health/live', object: '-', expect: [R, R, R, R, R, R, R] },
  { route: 'GET /health/ready', object: '-', expect: [R, R, R, R, R, R, R] },
];

const UNIT = { A: 'unit-a1', B: 'unit-b1', 'A@B': 'unit-a1' } as const;
const PROGRAM = { A: 'prog-a', B: 'prog-b' } as const;
const CHANGE = { effectiveFrom: '2030-01-01', reason: 'kiểm thử phân quyền' };

describe('the access matrix: role × route × object', () => {
  let app: TestApp;
  const tokens: Partial<Record<Who, string>> = {};
  const setup: Record<string, string> = {};
  /** Shared objects for the queries: an approved report per unit (and one of A under program B). */
  const reportOf: Record<'A' | 'B' | 'A@B', string> = { A: 'fix-a1', B: 'fix-b1', 'A@B': 'fix-a1-prog-b' };
  let minPosition = '';
  let reviewId = '';
  let serial = 0;
  const next = () => ++serial;
  /** Months for prepared reports (2030…) and for reports the cells create (2070…): never overlapping. */
  let preparedMonths = 0;
  let createdMonths = 0;
  const month = (base: number, n: number) => `${base + Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;

  beforeAll(async () => {
    app = await startApp();
    for (const who of WHO) {
      const roles = PRINCIPALS[who];
      if (roles) tokens[who] = await app.token(`m-${who}`, [...roles]);
    }
    setup.admin = await app.token('setup-admin', ['admin']);
    setup.A = await app.token('setup-rep-a', ['reporter:unit-a1']);
    setup.B = await app.token('setup-rep-b', ['reporter:unit-b1']);
    setup.sup = await app.token('setup-sup', ['supervisor:prov']);
    for (const unit of [
      { id: 'prov', name: 'Province', kind: 'steering-committee' },
      { id: 'dist-a', name: 'District A', kind: 'district', parentId: 'prov' },
      { id: 'dist-b', name: 'District B', kind: 'district', parentId: 'prov' },
      { id: 'unit-a1', name: 'Unit A1', kind: 'commune', parentId: 'dist-a' },
      { id: 'unit-b1', name: 'Unit B1', kind: 'commune', parentId: 'dist-b' },
    ]) await ok('POST', '/api/units', unit, 201);
    await ok('POST', '/api/indicators', { code: 'work_days', name: 'ngày công', unit: 'days', aggregation: 'sum', scale: 0 }, 201);
    await ok('POST', '/api/areas', { code: 'tinh-m', name: 'Tỉnh M', level: 'province' }, 201);
    await ok('POST', '/api/areas', { code: 'xa-m', name: 'Xã M', level: 'commune', parentCode: 'tinh-m' }, 201);
    for (const [key, steeringUnitId] of [['A', 'dist-a'], ['B', 'dist-b']] as const) await createProgram(PROGRAM[key], steeringUnitId);
    await prepareReport('approved', 'A', reportOf.A);
    await prepareReport('approved', 'B', reportOf.B);
    await prepareReport('approved', 'A@B', reportOf['A@B']);
    reviewId = (await ok('POST', '/api/programs/prog-a/reviews', { period: '2025', heldAt: '2026-01-10', title: 'Sơ kết năm 2025' }, 201)).id;
    minPosition = (await ok('POST', '/api/assignments', { programId: 'prog-a', unitId: 'unit-a1', areaCode: 'xa-m', year: 2030 }, 201)).position;
  });
  afterAll(() => app.close());

  async function ok(method: string, path: string, body?: unknown, status = 200, token = setup.admin): Promise<{ id: string; position: string }> {
    const res: HttpResult = await app.http(method, path, { token, body });
    expect({ setup: `${method} ${path}`, status: res.status, body: res.body }).toMatchObject({ status });
    return res.body;
  }

  function createProgram(id: string, steeringUnitId: string) {
    return ok('POST', '/api/programs', {
      id, name: `Program ${id}`, parties: ['unit-a1', 'unit-b1'], steeringUnitId, fromYear: 2020, toYear: 2099,
      calendar: [{ periodType: 'month', deadlineDays: 15 }, { periodType: 'year', deadlineDays: 15 }],
    }, 201);
  }

  /** A fresh report in a fresh month, brought into `state` by the unit's setup reporter and a supervisor above both units. */
  async function prepareReport(state: ReportState, object: 'A' | 'B' | 'A@B', id = `cell-${next()}`) {
    const period = month(2030, preparedMonths++);
    const reporter = object === 'B' ? setup.B : setup.A;
    const programId = object === 'A@B' ? { programId: 'prog-b' } : {};
    let last = await ok('POST', '/api/reports', { id, unitId: UNIT[object], period, ...programId }, 201, reporter);
    if (state !== 'draft') last = await ok('PUT', `/api/reports/${id}/figures`, { figures: [{ indicator: 'work_days', value: 3 }] }, 200, reporter);
    if (state === 'submitted' || state === 'approved') last = await ok('POST', `/api/reports/${id}/submit`, undefined, 200, reporter);
    if (state === 'approved') last = await ok('POST', `/api/reports/${id}/approve`, {}, 200, setup.sup);
    return { id, position: last.position };
  }

  /** Makes what the cell acts on; returns its id (a report, unit, area, program or assignment). */
  async function prepare(row: Row): Promise<string | undefined> {
    const n = next();
    switch (row.fresh) {
      case undefined:
        if (row.route.includes('/api/reports/:id')) return reportOf[row.object as 'A' | 'B' | 'A@B'];
        if (row.route.includes('/api/programs/:id')) return PROGRAM[row.object as 'A' | 'B'];
        return undefined;
      case 'unit':
        await ok('POST', '/api/units', { id: `cell-unit-${n}`, name: 'Cell unit', kind: 'team', parentId: row.object === 'A' ? 'dist-a' : row.object === 'B' ? 'dist-b' : 'prov' }, 201);
        return `cell-unit-${n}`;
      case 'area':
        await ok('POST', '/api/areas', { code: `cell-area-${n}`, name: 'Cell area', level: 'commune', parentCode: 'tinh-m' }, 201);
        return `cell-area-${n}`;
      case 'two-areas':
        for (const k of [1, 2]) await ok('POST', '/api/areas', { code: `cell-area-${n}-${k}`, name: 'Cell area', level: 'commune', parentCode: 'tinh-m' }, 201);
        return `cell-area-${n}`;
      case 'program':
        await createProgram(`cell-prog-${n}`, row.object === 'B' ? 'dist-b' : 'dist-a');
        return `cell-prog-${n}`;
      case 'assignment': {
        await ok('POST', '/api/areas', { code: `cell-area-${n}`, name: 'Cell area', level: 'commune', parentCode: 'tinh-m' }, 201);
        const programId = PROGRAM[row.object as 'A' | 'B'];
        return (await ok('POST', '/api/assignments', { programId, unitId: 'unit-a1', areaCode: `cell-area-${n}`, year: 2030 }, 201)).id;
      }
      default:
        return (await prepareReport(row.fresh, row.object as 'A' | 'B' | 'A@B')).id;
    }
  }

  /** The request a cell sends: the route applied to the cell's object. */
  function request(row: Row, id: string | undefined): { method: string; path: string; body?: unknown } {
    const [method, route] = row.route.split(' ');
    const path = route.replace(/:(id|code|period)/, (_, name: string) => (name === 'period' ? '2030' : id ?? (row.route.includes('/api/units/:id') ? UNIT[row.object as 'A' | 'B'] : 'xa-m')));
    const unitId = row.object === '-' ? undefined : UNIT[row.object];
    const n = next();
    const fresh = `${method} ${route}`;
    switch (fresh) {
      case 'POST /api/units': return { method, path, body: { id: `new-unit-${n}`, name: 'New', kind: 'team', parentId: 'prov' } };
      case 'POST /api/units/:id/rename': return { method, path, body: { name: `Renamed ${n}` } };
      case 'POST /api/units/:id/move': return { method, path, body: { parentId: 'dist-a' } };
      case 'POST /api/units/:id/succeed': return { method, path, body: { successorId: 'dist-a', ...CHANGE } };
      case 'POST /api/units/:id/approval-levels': return { method, path, body: { levels: [{ unitId: id, name: 'Đơn vị' }, { unitId: row.object === 'B' ? 'dist-b' : 'dist-a', name: 'Huyện' }] } };
      case 'POST /api/indicators': return { method, path, body: { code: `new_indicator_${n}`, name: 'New', unit: 'x', aggregation: 'sum', scale: 0 } };
      case 'PUT /api/indicators/:code/rules': return { method, path: '/api/indicators/work_days/rules', body: { rules: [], range: { max: 1_000_000 + n } } };
      case 'POST /api/areas': return { method, path, body: { code: `new-area-${n}`, name: 'New', level: 'commune', parentCode: 'tinh-m' } };
      case 'POST /api/areas/merge': return { method, path, body: { sourceCodes: [`${id}-1`, `${id}-2`], successor: { code: `${id}-merged`, name: 'Merged' }, ...CHANGE } };
      case 'POST /api/areas/:code/rename': return { method, path, body: { name: `Renamed ${n}`, ...CHANGE } };
      case 'POST /api/areas/:code/reparent': return { method, path, body: { parentCode: 'tinh-m', ...CHANGE } };
      case 'POST /api/areas/:code/split': return { method, path, body: { parts: [{ code: `${id}-p1`, name: 'P1' }, { code: `${id}-p2`, name: 'P2' }], defaultSuccessorCode: `${id}-p1`, ...CHANGE } };
      case 'POST /api/programs': return { method, path, body: { id: `new-prog-${n}`, name: 'New', parties: ['unit-a1'], steeringUnitId: 'dist-a', fromYear: 2030, toYear: 2031, calendar: [{ periodType: 'year', deadlineDays: 15 }] } };
      case 'POST /api/programs/:id/sign': return { method, path, body: { date: '2030-01-15', signatories: ['Chủ tịch'] } };
      case 'POST /api/programs/:id/plans': return { method, path, body: { year: 2030, text: 'Kế hoạch năm 2030' } };
      case 'POST /api/programs/:id/close': return { method, path, body: { date: '2099-12-31' } };
      case 'POST /api/programs/:id/parties': return { method, path, body: { unitId: 'dist-a' } };
      case 'POST /api/programs/:id/approval-levels': return { method, path, body: { levels: [{ unitId: 'dist-a', name: 'Huyện A' }, { unitId: 'prov', name: 'Tỉnh' }] } };
      case 'POST /api/programs/:id/reviews': return { method, path, body: { period: '2025', heldAt: '2026-01-10', title: 'Sơ kết năm 2025' } };
      case 'GET /api/programs/:id/reviews/:reviewId': return { method, path: `${path.replace(':reviewId', reviewId)}?minPosition=${minPosition}` };
      case 'GET /api/programs/:id/completeness': return { method, path: `${path}?period=2030&minPosition=${minPosition}` };
      case 'POST /api/assignments': return { method, path, body: { programId: PROGRAM[row.object as 'A' | 'B'], unitId: 'unit-a1', areaCode: id, year: 2030 } };
      case 'POST /api/assignments/:id/end': return { method, path, body: { reason: 'điều chuyển', effectiveFrom: '2030-07-01' } };
      case 'GET /api/assignments/:id':
        return { method, path: `/api/assignments/${assignmentId}?minPosition=${minPosition}` };
      case 'POST /api/reports': return { method, path, body: { unitId, period: month(2070, createdMonths++) } };
      case 'PUT /api/reports/:id/figures': return { method, path, body: { figures: [{ indicator: 'work_days', value: 5 }] } };
      case 'POST /api/reports/:id/figures/import': return { method, path, body: { rows: [{ indicator: 'work_days', value: 5 }] } };
      case 'POST /api/reports/:id/figures/parse': return { method, path, body: { text: 'gần 8.100 ngày công', locale: 'vi' } };
      case 'POST /api/reports/:id/approve': return { method, path, body: {} };
      case 'POST /api/reports/:id/reject':
      case 'POST /api/reports/:id/reopen': return { method, path, body: { reason: 'kiểm tra lại' } };
      case 'GET /api/totals/breakdown':
        return { method, path: `${route}?period=2070&indicator=work_days&minPosition=${minPosition}${unitId ? `&by=unit&unitId=${unitId}` : '&by=area&areaCode=tinh-m'}` };
      case 'GET /api/totals/explain': return { method, path: `${route}?unitId=${unitId}&period=2070&indicator=work_days&minPosition=${minPosition}` };
      case 'GET /api/totals': return { method, path: `${route}?limit=200&minPosition=${minPosition}${unitId ? `&unitId=${unitId}` : ''}` };
      case 'GET /api/audit/verify': return { method, path: route };
      case 'GET /api/reports':
      case 'GET /api/audit': return { method, path: `${route}?minPosition=${minPosition}${unitId ? `&unitId=${unitId}` : ''}` };
      default: return method === 'GET' && path.startsWith('/api') ? { method, path: `${path}?minPosition=${minPosition}` } : { method, path };
    }
  }

  let assignmentId = '';
  beforeAll(async () => {
    const list = await app.http('GET', `/api/assignments?programId=prog-a&minPosition=${minPosition}`, { token: setup.admin });
    assignmentId = list.body.items[0].id;
  });

  const cells = MATRIX.flatMap((row) => WHO.map((who, i) => ({ row, who, status: row.expect[i] })));
  const label = (row: Row) => (row.object === '-' ? '' : ` (${row.object === 'A@B' ? 'unit A under program B' : row.route.includes('program') || row.route.includes('assignment') ? `program ${row.object}` : `unit ${row.object}`}${row.fresh && !['unit', 'area', 'two-areas', 'program', 'assignment'].includes(row.fresh) ? `, ${row.fresh}` : ''})`);

  it.each(cells.map((c) => [`${c.who} → ${c.row.route}${label(c.row)} → ${c.status}`, c] as const))('%s', async (_, { row, who, status }) => {
    const id = await prepare(row);
    const { method, path, body } = request(row, id);
    const res = await app.http(method, path, { token: tokens[who], body });
    expect({ status: res.status, body: res.status === status ? undefined : res.body }).toEqual({ status, body: undefined });
    if (status >= 400) expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const visible = row.visible?.[who];
    if (visible) expect([...new Set((res.body.items as { unitId: string }[]).map((i) => i.unitId))].sort()).toEqual(visible);
  });

  it('covers every route the app serves', () => {
    const covered = new Set(MATRIX.map((r) => r.route));
    const missing = routeTable(app.nest).map((r) => `${r.method} ${r.path}`).filter((route) => !covered.has(route));
    expect(missing).toEqual([]);
  });

  it('counts a report hidden as 404 as a denial, and a missing one not', async () => {
    const denied = async () => denials((await app.http('GET', '/metrics', { token: setup.admin })).body, 'object_access');
    const before = await denied();
    // Projected first (an auditor sees it), so that the 404 is the scope's, not a stale read's.
    expect((await app.http('GET', `/api/reports/${reportOf.B}?minPosition=${minPosition}`, { token: tokens.auditor })).status).toBe(200);
    expect((await app.http('GET', `/api/reports/${reportOf.B}`, { token: tokens.reporter })).status).toBe(404);
    expect(await denied()).toBe(before + 1);
    expect((await app.http('GET', '/api/reports/no-such-report', { token: tokens.reporter })).status).toBe(404);
    expect(await denied()).toBe(before + 1);
  });

  it('nobody approves a version they submitted, whatever other roles they hold (segregation of duties)', async () => {
    const everything = await app.token('sod-1', ['admin', 'auditor', 'reporter:unit-a1', 'supervisor:dist-a', 'supervisor:dist-b', 'supervisor:prov']);
    const id = 'sod-report';
    // Under program B as well, so that the steering route to approval is closed too.
    expect((await app.http('POST', '/api/reports', { token: everything, body: { id, unitId: 'unit-a1', period: '2099', programId: 'prog-b' } })).status).toBe(201);
    expect((await app.http('PUT', `/api/reports/${id}/figures`, { token: everything, body: { figures: [{ indicator: 'work_days', value: 1 }] } })).status).toBe(200);
    expect((await app.http('POST', `/api/reports/${id}/submit`, { token: everything })).status).toBe(200);
    // A new token for the same person changes nothing: the rule is about the person, not the token.
    for (const token of [everything, await app.token('sod-1', ['supervisor:prov'])]) {
      expect((await app.http('POST', `/api/reports/${id}/approve`, { token, body: {} })).status).toBe(403);
    }
    expect((await app.http('POST', `/api/reports/${id}/approve`, { token: tokens.supB, body: {} })).status).toBe(200);
  });
});
