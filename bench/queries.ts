/**
 * What each benchmarked query costs in the process, without HTTP: the read-model function the
 * route calls, run back to back on a built store, and the SQLite plan of its main statement.
 *   node dist/bench/queries.js DIR [repetitions]
 * Prints one JSON line per query: {name, runs, p50Ms, p99Ms, maxMs, cpuMs, plan}: cpuMs is the
 * process CPU time per run (the median), which other load on a shared machine disturbs far less
 * than the wall-clock figures. For diagnosis; the HTTP figures in BENCHMARKS.md come from
 * bench/run.ts and bench/http.ts.
 */
import { join } from 'node:path';
import {
  expandArea, getPeriodSummary, LiveReadModels, liveUnitTotals, openAuditTrail, PROJECTIONS, queryAudit, queryBreakdown, queryTotals,
  SqliteAuditTrail, SqliteReadModelStore, SqliteUnitTotals,
} from '@app/read-models';
import { percentile } from './util';

async function main(): Promise<void> {
  const dir = process.argv[2];
  const runs = Number(process.argv[3] ?? 200);
  const physical = new SqliteReadModelStore({ file: join(dir, 'read-models.sqlite') });
  const live = new LiveReadModels(physical, PROJECTIONS);
  const year = '2022';
  const totals = (await liveUnitTotals(live)) as SqliteUnitTotals;
  const audit = (await openAuditTrail(live)) as SqliteAuditTrail;
  const areaCodes = (await expandArea(live, 'tinh-bench')) ?? [];
  const cases: [string, () => Promise<unknown>, string[]][] = [
    ['totals, unit + year', () => queryTotals(live, { unitId: 'bench-d03-u07', period: year, scope: 'all', limit: 50 }), totals.explainAggregate({ unitIds: ['bench-d03-u07'], period: year, years: [2022, 2022] }, ['unit', 'period'])],
    ['breakdown, province by district', () => queryBreakdown(live, { period: year, indicator: 'houses_supported', by: 'area', areaCode: 'tinh-bench', level: 'district', scope: 'all', limit: 50 }), totals.explainMembers({ period: year, indicator: 'houses_supported' }, 'area', new Map(areaCodes.map((c) => [c, 'district'])))],
    ['breakdown, steering committee by unit', () => queryBreakdown(live, { period: year, indicator: 'support_value_vnd', by: 'unit', unitId: 'bench-bcd', scope: 'all', limit: 50 }), totals.explainMembers({ period: year, indicator: 'support_value_vnd' }, 'unit', new Map([['bench-d01-u01', 'bench-d01'], ['bench-d02-u01', 'bench-d02']]))],
    ['year summary', () => getPeriodSummary(live, { period: year, scope: 'all' }), totals.explainAggregate({ period: year }, [])],
    ['phase summary', () => getPeriodSummary(live, { period: '2020..2024', scope: 'all' }), totals.explainAggregate({ years: [2020, 2024] }, [])],
    ['audit page of 50', () => queryAudit(live, { limit: 50, scope: 'all' }), audit.explainFind({}, 1, 51)],
    ['totals, no filter (first page)', () => queryTotals(live, { scope: 'all', limit: 50 }), totals.explainAggregate({ unitIds: ['bench-d01-u01'], years: [2022, 2022] }, ['unit', 'period'])],
  ];
  for (const [name, run, plan] of cases) {
    await run();
    const times: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      await run();
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    cpu.sort((a, b) => a - b);
    console.log(JSON.stringify({ name, runs, p50Ms: round(percentile(times, 50)), p99Ms: round(percentile(times, 99)), maxMs: round(times[times.length - 1]), cpuMs: round(percentile(cpu, 50)), plan }));
  }
  await physical.close();
}

const round = (x: number) => Math.round(x * 1000) / 1000;

void main();
