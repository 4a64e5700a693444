import { createHash } from 'node:crypto';
import {
  AREA_MAP_STREAM,
  AreaMapState,
  decideAreaMap,
  decideIndicator,
  decideReport,
  decideReportBook,
  decideUnit,
  evolveAreaMap,
  evolveReport,
  evolveReportBook,
  FigureInput,
  indicatorStreamId,
  initialAreaMapState,
  initialIndicatorState,
  initialReportBookState,
  initialReportState,
  initialUnitState,
  ReportBookState,
  reportBookStreamId,
  ReportCommand,
  ReportEvent,
  ReportState,
  reportStreamId,
  unitStreamId,
} from '@app/domain';
import { EventData, ExpectedRevision } from '@app/event-store';
import { uuidV5 } from '@app/shared';

/**
 * A deterministic, realistic event log, produced the way the API produces it: every command goes
 * through the pure domain decider, its events are wrapped in EventData with the metadata
 * CommandRunner adds (ids derived with uuidV5 from the command id), and each command becomes one
 * append with the expected revision of its stream.
 *
 * Shape: a unit hierarchy, the boundary map (a province, its districts and their communes, on the
 * one `areamap` stream) and the indicator catalogue first; then, month by month, every unit
 * creates its monthly report (as the API does: a claim on the unit's report book, then the report
 * stream) and records 6 to 20 figures in one command (decimal strings at each indicator's scale,
 * a third of them for one of its district's communes, with the area facts the API passes); one
 * report in five gets a second command that corrects a figure; then every report is submitted,
 * then approved by a supervisor. Streams thus interleave in the global log as they would in
 * production. Reports are under no program (a program would need its own aggregate, calendar and
 * area assignments), so submissions carry no deadline.
 */

export interface AppendCommand {
  streamId: string;
  expected: ExpectedRevision;
  events: EventData[];
}

export interface Workload {
  commands: AppendCommand[];
  events: number;
  reports: number;
  units: number;
  areas: number;
  indicators: number;
}

/** The indicator catalogue's codes and scales (after apps/api/src/demo/demo-catalogue.ts). */
const INDICATORS: { code: string; name: string; unit: string; aggregation: 'sum' | 'max' | 'latest'; scale: number; magnitude: number }[] = [
  { code: 'mobilization_sessions', name: 'buổi phát động quần chúng', unit: 'sessions', aggregation: 'sum', scale: 0, magnitude: 400 },
  { code: 'mobilization_participants', name: 'lượt người tham gia', unit: 'person-visits', aggregation: 'sum', scale: 0, magnitude: 40_000 },
  { code: 'mobilization_campaigns', name: 'đợt công tác dân vận tập trung', unit: 'campaigns', aggregation: 'sum', scale: 0, magnitude: 20 },
  { code: 'work_days', name: 'ngày công', unit: 'work-days', aggregation: 'sum', scale: 0, magnitude: 800 },
  { code: 'rural_road_km', name: 'km đường giao thông nông thôn', unit: 'km', aggregation: 'sum', scale: 2, magnitude: 12 },
  { code: 'canal_km', name: 'km kênh mương nội đồng', unit: 'km', aggregation: 'sum', scale: 2, magnitude: 4 },
  { code: 'concrete_m2', name: 'm2 bê tông sân trường, nhà sinh hoạt', unit: 'm²', aggregation: 'sum', scale: 1, magnitude: 900 },
  { code: 'gift_packages', name: 'suất quà', unit: 'packages', aggregation: 'sum', scale: 0, magnitude: 500 },
  { code: 'medical_visits', name: 'lượt khám bệnh, phát thuốc', unit: 'person-visits', aggregation: 'sum', scale: 0, magnitude: 900 },
  { code: 'houses_supported', name: 'nhà ở hỗ trợ xây dựng', unit: 'houses', aggregation: 'sum', scale: 0, magnitude: 60 },
  { code: 'support_value_vnd', name: 'tổng trị giá', unit: 'VND', aggregation: 'sum', scale: 0, magnitude: 2_000_000_000 },
  { code: 'livestock_given', name: 'con giống', unit: 'animals', aggregation: 'sum', scale: 0, magnitude: 3000 },
  { code: 'seedlings_given', name: 'cây giống', unit: 'seedlings', aggregation: 'sum', scale: 0, magnitude: 20_000 },
  { code: 'fertilizer_tonnes', name: 'tấn phân bón', unit: 'tonnes', aggregation: 'sum', scale: 1, magnitude: 400 },
  { code: 'households_relocated', name: 'hộ dân di dời', unit: 'households', aggregation: 'sum', scale: 0, magnitude: 40 },
  { code: 'quarantine_points', name: 'điểm cách ly / chốt kiểm dịch', unit: 'points', aggregation: 'sum', scale: 0, magnitude: 10 },
  { code: 'people_quarantined', name: 'người cách ly', unit: 'persons', aggregation: 'sum', scale: 0, magnitude: 2000 },
  { code: 'cadres_trained', name: 'cán bộ đào tạo', unit: 'persons', aggregation: 'sum', scale: 0, magnitude: 80 },
  { code: 'clean_water_wells', name: 'giếng nước sạch', unit: 'wells', aggregation: 'sum', scale: 0, magnitude: 30 },
  { code: 'land_donated_m2', name: 'm2 đất hiến', unit: 'm²', aggregation: 'sum', scale: 0, magnitude: 5000 },
  { code: 'villages_reached', name: 'thôn, buôn được phát động', unit: 'villages', aggregation: 'latest', scale: 0, magnitude: 109 },
  { code: 'poverty_rate_pct', name: 'tỷ lệ hộ nghèo', unit: 'percent', aggregation: 'latest', scale: 2, magnitude: 30 },
  { code: 'commendations_collective', name: 'khen thưởng tập thể', unit: 'collectives', aggregation: 'sum', scale: 0, magnitude: 15 },
  { code: 'commendations_individual', name: 'khen thưởng cá nhân', unit: 'persons', aggregation: 'sum', scale: 0, magnitude: 60 },
];

const SCALES: Record<string, number> = Object.fromEntries(INDICATORS.map((i) => [i.code, i.scale]));
const DISTRICTS = 10;
const UNITS_PER_DISTRICT = 20;
const UNIT_KINDS = ['commune-committee', 'regiment', 'company', 'border-post', 'youth-union'];
const COMMUNES_PER_DISTRICT = 12;
const NOTES = [
  'Số liệu theo báo cáo sơ kết tháng',
  'Bao gồm cả các buôn vùng sâu',
  'Ước tính, sẽ cập nhật sau khi đối chiếu',
];
const CORRECTION_REASONS = ['Sửa số liệu theo biên bản nghiệm thu', 'Nhập nhầm đơn vị, đã đối chiếu lại'];

/** mulberry32: a small seeded PRNG, so every run generates the same log. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Unit {
  id: string;
  name: string;
  kind: string;
  parentId: string | null;
  /** Communes of the unit's district, where its figures may be reported. */
  communes: string[];
  reporter: string;
  supervisor: string;
}

function buildUnits(random: () => number): { all: Unit[]; reporting: Unit[] } {
  const root: Unit = { id: 'bench-bcd', name: 'Ban Chỉ đạo công tác Dân vận (bench)', kind: 'steering-committee', parentId: null, communes: [], reporter: '', supervisor: '' };
  const all: Unit[] = [root];
  const reporting: Unit[] = [];
  for (let d = 1; d <= DISTRICTS; d++) {
    const district = `bench-d${String(d).padStart(2, '0')}`;
    const communes = Array.from({ length: COMMUNES_PER_DISTRICT }, (_, c) => communeCode(d, c + 1));
    all.push({ id: district, name: `Ban Dân vận huyện ${d}`, kind: 'district-committee', parentId: root.id, communes: [], reporter: '', supervisor: '' });
    for (let u = 1; u <= UNITS_PER_DISTRICT; u++) {
      const id = `${district}-u${String(u).padStart(2, '0')}`;
      const unit: Unit = {
        id,
        name: `Đơn vị ${u}, huyện ${d}`,
        kind: UNIT_KINDS[Math.floor(random() * UNIT_KINDS.length)],
        parentId: district,
        communes,
        reporter: `user:reporter-${id}`,
        supervisor: `user:supervisor-${district}`,
      };
      all.push(unit);
      reporting.push(unit);
    }
  }
  return { all, reporting };
}

const PROVINCE_AREA = 'tinh-bench';
const districtArea = (d: number) => `huyen-bench-${String(d).padStart(2, '0')}`;
const communeCode = (d: number, c: number) => `xa-bench-${String(d).padStart(2, '0')}-${String(c).padStart(2, '0')}`;

function decimalString(random: () => number, magnitude: number, scale: number): string {
  const value = random() * magnitude;
  return scale === 0 ? String(Math.max(1, Math.round(value))) : value.toFixed(scale);
}

/**
 * Builds commands until exactly `targetEvents` events exist (the last report may be cut short).
 * With a `sink`, each command goes there as it is built and `commands` stays empty.
 */
export function generateWorkload(targetEvents: number, seed = 20210701, sink?: (command: AppendCommand) => void): Workload {
  const random = prng(seed);
  const { all: units, reporting } = buildUnits(random);
  const commands: AppendCommand[] = [];
  /** Revision of each stream's last event, for the expected revision of the next append. */
  const revisions = new Map<string, number>();
  let events = 0;
  let commandNo = 0;
  const reportIds = new Set<string>();

  /** Wraps decided events as CommandRunner.envelope does; false once the target is reached. */
  const emit = <E extends { type: string; data: unknown }>(streamId: string, decided: E[], actor: string, at: string, body: unknown): E[] | null => {
    if (events >= targetEvents || decided.length === 0) return null;
    const kept = decided.slice(0, targetEvents - events);
    const current = revisions.get(streamId);
    const expected: ExpectedRevision = current === undefined ? 'no_stream' : current;
    revisions.set(streamId, (current ?? -1) + kept.length);
    commandNo += 1;
    const commandId = uuidV5(`bench:command:${commandNo}`);
    const correlationId = uuidV5(`bench:request:${commandNo}`);
    const requestHash = createHash('sha256').update(`POST /${streamId}\n${JSON.stringify(body)}`).digest('base64url');
    (sink ?? ((c: AppendCommand) => commands.push(c)))({
      streamId,
      expected,
      events: kept.map((e, i) => {
        const version = /\.v(\d+)$/.exec(e.type);
        return {
          id: uuidV5(`${commandId}:${streamId}:${i}`),
          type: e.type,
          data: e.data as Record<string, unknown>,
          metadata: {
            actor,
            commandId,
            correlationId,
            causationId: commandId,
            recordedAt: at,
            schemaVersion: version ? Number(version[1]) : 1,
            requestHash,
          },
        };
      }),
    });
    events += kept.length;
    return kept;
  };

  const admin = 'user:admin';
  const setupAt = '2020-12-15T02:00:00.000Z';
  for (const unit of units) {
    const data = { unitId: unit.id, name: unit.name, kind: unit.kind, parentId: unit.parentId };
    emit(unitStreamId(unit.id), decideUnit({ type: 'RegisterUnit', data }, initialUnitState), admin, setupAt, data);
  }
  for (const { magnitude: _magnitude, ...definition } of INDICATORS) {
    emit(indicatorStreamId(definition.code), decideIndicator({ type: 'DefineIndicator', data: definition }, initialIndicatorState), admin, setupAt, definition);
  }

  // The boundary map: one command (one append to the one `areamap` stream) per area.
  let areaMap: AreaMapState = initialAreaMapState;
  const registerArea = (code: string, name: string, level: 'province' | 'district' | 'commune', parentCode: string | null) => {
    const data = { code, name, level, parentCode };
    const kept = emit(AREA_MAP_STREAM, decideAreaMap({ type: 'RegisterArea', data }, areaMap), admin, setupAt, data);
    if (kept) areaMap = kept.reduce(evolveAreaMap, areaMap);
  };
  registerArea(PROVINCE_AREA, 'Tỉnh (bench)', 'province', null);
  for (let d = 1; d <= DISTRICTS; d++) {
    registerArea(districtArea(d), `Huyện ${d}`, 'district', PROVINCE_AREA);
    for (let c = 1; c <= COMMUNES_PER_DISTRICT; c++) registerArea(communeCode(d, c), `Xã Ea ${d}-${c}`, 'commune', districtArea(d));
  }

  const books = new Map<string, ReportBookState>();
  const states = new Map<string, ReportState>();
  /** Decides a report command against the report's state and appends it with its revision. */
  const run = (reportId: string, command: ReportCommand, body: unknown): boolean => {
    if (events >= targetEvents) return false;
    const state = states.get(reportId) ?? initialReportState;
    const decided = decideReport(command, state);
    const kept = emit(reportStreamId(reportId), decided, command.actor, command.at, body);
    if (!kept) return false;
    states.set(reportId, kept.reduce(evolveReport, state));
    return true;
  };

  /** What SetFiguresHandler passes the decider: the named codes the map knows; no program, so no assignment. */
  const areaFacts = (figures: readonly FigureInput[]) => {
    const codes = figures.flatMap((f) => (f.areaCode ? [f.areaCode] : []));
    return codes.length ? { known: codes.filter((c) => areaMap.areas[c]), assigned: null } : undefined;
  };

  for (let month = 0; events < targetEvents; month++) {
    const year = 2021 + Math.floor(month / 12);
    const mm = String((month % 12) + 1).padStart(2, '0');
    const period = `${year}-${mm}`;
    const day = (d: number, h: number) => `${year}-${mm}-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:${String(Math.floor(random() * 60)).padStart(2, '0')}:00.000Z`;
    const opened: { unit: Unit; reportId: string }[] = [];

    for (const unit of reporting) {
      const reportId = `${unit.id}-${period}`;
      const create = { reportId, unitId: unit.id, programId: null, period };
      // CreateReportHandler claims the period in the unit's report book first, then creates the report.
      const bookId = reportBookStreamId(unit.id, null, period);
      const book = books.get(bookId) ?? initialReportBookState;
      const claimed = emit(bookId, decideReportBook({ type: 'ClaimReportPeriod', data: create }, book), unit.reporter, day(25, 1), create);
      if (!claimed) break;
      books.set(bookId, claimed.reduce(evolveReportBook, book));
      if (!run(reportId, { type: 'CreateReport', actor: unit.reporter, at: day(25, 1), data: create }, create)) break;
      reportIds.add(reportId);
      opened.push({ unit, reportId });

      const count = 6 + Math.floor(random() * 15);
      const seen = new Set<string>();
      const figures: FigureInput[] = [];
      while (figures.length < count) {
        const indicator = INDICATORS[Math.floor(random() * INDICATORS.length)];
        const areaCode = random() < 0.33 ? unit.communes[Math.floor(random() * unit.communes.length)] : null;
        const key = `${indicator.code}|${areaCode ?? ''}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const note = random() < 0.15 ? NOTES[Math.floor(random() * NOTES.length)] : null;
        figures.push({ indicator: indicator.code, areaCode, value: decimalString(random, indicator.magnitude, indicator.scale), note });
      }
      const set = { reportId, figures, reason: null };
      const areas = areaFacts(figures);
      if (!run(reportId, { type: 'SetFigures', actor: unit.reporter, at: day(26, 3), data: set, scales: SCALES, areas }, set)) break;
    }

    for (const { unit, reportId } of opened) {
      if (events >= targetEvents) break;
      if (random() >= 0.2) continue;
      const state = states.get(reportId)!;
      if (state.status === 'none') continue;
      const [first] = Object.values(state.figures);
      const indicator = INDICATORS.find((i) => i.code === first.indicator)!;
      const correction = {
        reportId,
        figures: [{ indicator: first.indicator, areaCode: first.areaCode, value: decimalString(random, indicator.magnitude, indicator.scale), note: first.note }],
        reason: CORRECTION_REASONS[Math.floor(random() * CORRECTION_REASONS.length)],
      };
      run(reportId, { type: 'SetFigures', actor: unit.reporter, at: day(27, 4), data: correction, scales: SCALES, areas: areaFacts(correction.figures) }, correction);
    }
    for (const { unit, reportId } of opened) {
      if (!run(reportId, { type: 'SubmitReport', actor: unit.reporter, at: day(28, 8), data: { reportId } }, {})) break;
    }
    for (const { unit, reportId } of opened) {
      const body = { comment: random() < 0.3 ? 'Đã đối chiếu với biên bản họp giao ban' : null };
      if (!run(reportId, { type: 'ApproveReport', actor: unit.supervisor, at: day(28, 10), data: { reportId, ...body } }, body)) break;
      // Approved reports are never touched again: forget their state (a 1M-event log stays small in memory).
      states.delete(reportId);
    }
  }

  return { commands, events, reports: reportIds.size, units: units.length, areas: Object.keys(areaMap.areas).length, indicators: INDICATORS.length };
}

/** The commands whose events make up the first `n` events (the last one may overshoot). */
export function prefixCommands(commands: readonly AppendCommand[], n: number): AppendCommand[] {
  const out: AppendCommand[] = [];
  let count = 0;
  for (const command of commands) {
    if (count >= n) break;
    out.push(command);
    count += command.events.length;
  }
  return out;
}
