import { Get, Query, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import type { Contribution, Explanation, ScopedReadModels } from '@app/read-models';
import type { Request } from 'express';
import { answer, ExportableQuery, Exports } from '../../platform/export/exportable';
import { columns } from '../../platform/export/headings';
import { pagedTable, Table } from '../../platform/export/table';
import { MAX_PAGE } from '../../platform/http/query.dto';
import { Access, Actor, Principal, QueryAnswer, QueryReads, Reads, Routes } from '../../platform/routing';
import { ExplanationDto } from './explain-total.dto';
import { ExplainQueryDto, ExplainTotal } from './explain-total.query';

/** One row per side (approved, proposed) of each contribution, then the two totals (no report, the total as value). */
const EXPLAIN_COLUMNS = columns(
  ['side', 'text'], ['reportId', 'text'], ['unitId', 'text'], ['period', 'text'], ['indicator', 'text'], ['areaCode', 'text'],
  ['value', 'decimal'], ['qualifier', 'text'], ['wins', 'flag'],
  ['eventType', 'text'], ['eventId', 'text'], ['position', 'text'], ['recordedAt', 'instant'], ['occurredAt', 'instant'], ['actor', 'text'], ['reason', 'text'],
  ['decidedByType', 'text'], ['decidedByEventId', 'text'], ['decidedByPosition', 'text'], ['decidedAt', 'instant'], ['decidedByActor', 'text'], ['comment', 'text'],
);

export class ExplainExportQueryDto extends ExportableQuery(ExplainQueryDto) {}

type Side = NonNullable<Contribution['approved']>;

function sideRow(side: 'approved' | 'proposed', c: Contribution, indicator: string, s: Side): Record<string, unknown> {
  return {
    side, reportId: c.reportId, unitId: c.unitId, period: c.period, indicator, areaCode: c.areaCode, value: s.value, qualifier: s.qualifier, wins: s.wins,
    eventType: s.event?.type, eventId: s.event?.eventId, position: s.event?.position, recordedAt: s.event?.recordedAt, occurredAt: s.event?.occurredAt,
    actor: s.event?.actor, reason: s.event?.reason,
    decidedByType: s.decidedBy?.type, decidedByEventId: s.decidedBy?.eventId, decidedByPosition: s.decidedBy?.position,
    decidedAt: s.decidedBy?.occurredAt ?? s.decidedBy?.recordedAt, decidedByActor: s.decidedBy?.actor, comment: s.decidedBy?.comment,
  };
}

@Routes('read models', 'api')
export class ExplainTotalController {
  constructor(private readonly queries: QueryBus) {}

  @Get('totals/explain')
  @Access('authenticated')
  @ApiOperation({
    summary: "What a total is made of: each approved and proposed contribution (report, unit, period, area, value, qualifier) with the events that set it (auditors, admins; supervisors of the unit); paged (as CSV/XLSX: every page from `cursor` on, a row per side of each contribution, then the two totals)",
  })
  @QueryAnswer(ExplanationDto, { reads: ['unit_totals', 'audit_trail', 'indicators', 'units', 'areas'] })
  @Exports()
  async explain(@Query() q: ExplainExportQueryDto, @Actor() actor: Principal, @Req() req: Request, @Reads() reads: QueryReads) {
    const store = await reads.open(q);
    return answer(q, req, () => this.queries.execute(new ExplainTotal(q, actor, store)), () => this.table(q, actor, store));
  }

  private async table(q: ExplainExportQueryDto, actor: Principal, store: ScopedReadModels): Promise<Table> {
    let first: Explanation | null = null;
    const contributions = await pagedTable<Contribution>(`explain-${q.unitId}-${q.period}-${q.indicator}`, EXPLAIN_COLUMNS, async (cursor) => {
      const page: Explanation = await this.queries.execute(new ExplainTotal({ ...q, cursor: cursor ?? q.cursor, limit: MAX_PAGE }, actor, store));
      first ??= page;
      return page;
    });
    const totals = first!;
    async function* rows(): AsyncIterable<Record<string, unknown>> {
      for await (const item of contributions.rows) {
        const c = item as unknown as Contribution;
        if (c.approved) yield sideRow('approved', c, totals.indicator, c.approved);
        if (c.proposed) yield sideRow('proposed', c, totals.indicator, c.proposed);
      }
      for (const side of ['approved', 'proposed'] as const) {
        yield { side, unitId: totals.unitId, period: totals.period, indicator: totals.indicator, value: totals[side], qualifier: (side === 'approved' ? totals.qualified : totals.proposedQualified) ? 'qualified' : null };
      }
    }
    return { ...contributions, rows: rows() };
  }
}
