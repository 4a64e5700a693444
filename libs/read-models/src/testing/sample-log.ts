import { randomUUID } from 'node:crypto';
import { decideReport, evolveReport, initialReportState, ReportCommand, ReportEvent, ReportState } from '@app/domain';
import { RecordedEvent } from '@app/event-store';

/** A tiny log writer: runs commands through the pure decider and records the events with positions. */
export class Log {
  readonly events: RecordedEvent[] = [];
  private readonly states = new Map<string, ReportState>();

  run(reportId: string, actor: string, command: Omit<ReportCommand, 'actor' | 'at'>): this {
    const state = this.states.get(reportId) ?? initialReportState;
    const decided = decideReport({ ...command, actor, at: `2021-06-${String(this.events.length % 28 + 1).padStart(2, '0')}T00:00:00.000Z` } as ReportCommand, state);
    for (const e of decided) {
      const revision = this.events.filter((x) => x.streamId === `report-${reportId}`).length;
      this.events.push({
        ...e, id: randomUUID(), streamId: `report-${reportId}`, revision,
        position: (this.events.length + 1).toString(16).padStart(16, '0'),
        metadata: { actor, commandId: randomUUID(), correlationId: 'c', causationId: 'c', recordedAt: '2021-06-30T00:00:00.000Z', schemaVersion: 1 },
      } as RecordedEvent);
    }
    this.states.set(reportId, decided.reduce((s, e) => evolveReport(s, e as ReportEvent), state));
    return this;
  }

  report(reportId: string, unitId: string, period: string, figures: Record<string, string>, approve = true): this {
    this.run(reportId, 'rep', { type: 'CreateReport', data: { reportId, unitId, programId: null, period } });
    this.setFigures(reportId, figures, null);
    this.run(reportId, 'rep', { type: 'SubmitReport', data: { reportId } });
    if (approve) this.run(reportId, 'sup', { type: 'ApproveReport', data: { reportId, comment: null } });
    return this;
  }

  setFigures(reportId: string, figures: Record<string, string | null>, reason: string | null): this {
    const list = Object.entries(figures).map(([indicator, value]) => ({ indicator, value }));
    return this.run(reportId, 'rep', { type: 'SetFigures', data: { reportId, figures: list, reason }, scales: { work_days: 0, road_km: 2, rate_pct: 2 } } as never);
  }
}

export const unitRegistered = (position: number, unitId: string): RecordedEvent => ({
  id: randomUUID(), streamId: `unit-${unitId}`, revision: 0, type: 'UnitRegistered.v1',
  position: position.toString(16).padStart(16, '0'),
  data: { unitId, name: unitId, kind: 'regiment', parentId: null },
  metadata: { actor: 'admin', commandId: 'x', correlationId: 'x', causationId: 'x', recordedAt: '2021-01-01T00:00:00.000Z', schemaVersion: 1 },
});

/** A sample log with every kind of change: corrections, removals, rejection, amendment, several units and periods. */
export function sampleLog(): Log {
  const log = new Log()
    .report('r1', 'u1', '2021-H1', { work_days: '100', road_km: '0.1' })
    .report('r2', 'u1', '2021-Q3', { work_days: '50', road_km: '0.2', rate_pct: '36.24' })
    .report('r3', 'u2', '2021-07', { work_days: '7' }, false);
  log.run('r3', 'sup', { type: 'RejectReport', data: { reportId: 'r3', reason: 'thiếu' } });
  log.setFigures('r3', { work_days: '8', road_km: '1.5' }, 'bổ sung');
  log.run('r3', 'rep', { type: 'SubmitReport', data: { reportId: 'r3' } });
  log.run('r1', 'sup', { type: 'ReopenReport', data: { reportId: 'r1', reason: 'sai' } });
  log.setFigures('r1', { work_days: '120', road_km: null }, 'sửa');
  log.run('r1', 'rep', { type: 'SubmitReport', data: { reportId: 'r1' } });
  return log;
}
