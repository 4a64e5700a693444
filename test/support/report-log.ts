import { decideReport, evolveReport, initialReportState, ReportCommand, ReportEvent, ReportState } from '@app/domain';
import { EventData, EventStore } from '@app/event-store';
import { uuidV5 } from '@app/shared';

/**
 * Writes a realistic log straight into an event store: reports created, filled, submitted,
 * approved, some reopened and amended, through the pure decider, one append per command.
 */
export async function writeReportLog(store: EventStore, reports: number, seed = 'log'): Promise<number> {
  let appended = 0;
  const indicators = ['work_days', 'rural_road_km', 'support_value_vnd'];
  for (let i = 0; i < reports; i++) {
    const reportId = `${seed}-${i}`;
    const unitId = `unit-${i % 17}`;
    const period = `${2000 + Math.floor(i / 68)}-${String((Math.floor(i / 17) % 4) * 3 + 1).padStart(2, '0')}`;
    let state: ReportState = initialReportState;
    const run = async (actor: string, command: Omit<ReportCommand, 'actor' | 'at'>) => {
      const events = decideReport({ ...command, actor, at: '2021-01-01T00:00:00.000Z' } as ReportCommand, state);
      const commandId = uuidV5(`${reportId}:${state.revision}`);
      const data: EventData[] = events.map((e, n) => ({
        id: uuidV5(`${commandId}:${n}`),
        type: e.type,
        data: e.data as unknown as Record<string, unknown>,
        metadata: { actor, commandId, correlationId: commandId, causationId: commandId, recordedAt: '2021-01-01T00:00:00.000Z', schemaVersion: 1 },
      }));
      await store.append(`report-${reportId}`, data, state.revision < 0 ? 'no_stream' : state.revision);
      state = events.reduce((s, e) => evolveReport(s, e as ReportEvent), state);
      appended += events.length;
    };
    const figures = (k: number) => indicators.map((indicator, n) => ({ indicator, value: String((i * 7 + n + k) % 1000) + (n === 1 ? '.25' : '') }));
    const scales = { work_days: 0, rural_road_km: 2, support_value_vnd: 0 };
    await run('rep', { type: 'CreateReport', data: { reportId, unitId, programId: null, period } });
    await run('rep', { type: 'SetFigures', data: { reportId, figures: figures(0), reason: null }, scales } as never);
    await run('rep', { type: 'SubmitReport', data: { reportId } });
    if (i % 5 === 4) continue;
    await run('sup', { type: 'ApproveReport', data: { reportId, comment: null } });
    if (i % 3 === 0) {
      await run('sup', { type: 'ReopenReport', data: { reportId, reason: 'kiểm tra' } });
      await run('rep', { type: 'SetFigures', data: { reportId, figures: figures(1), reason: 'sửa' }, scales } as never);
      await run('rep', { type: 'SubmitReport', data: { reportId } });
    }
  }
  return appended;
}
