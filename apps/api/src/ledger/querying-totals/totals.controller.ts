import { Get, Query, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiExtraModels, ApiOperation } from '@nestjs/swagger';
import { answer, Exports } from '../../platform/export/exportable';
import { columns, TOTAL_FIELDS } from '../../platform/export/headings';
import { pagedTable } from '../../platform/export/table';
import { AuthenticatedRequest } from '../../platform/http/authenticated-request';
import { MAX_PAGE } from '../../platform/http/query.dto';
import { Access, Actor, Principal, QueryAnswer, QueryReads, Reads, Routes } from '../../platform/routing';
import { BreakdownQueryDto, GetBreakdown } from './breakdown.query';
import { AreaTotalsItemDto, BreakdownDto, TotalsDto, TotalsItemDto } from './totals.dto';
import { GetTotals, TotalsQueryDto } from './totals.query';

const TOTALS_COLUMNS = columns(['unitId', 'text'], ['areaCode', 'text'], ['period', 'text'], ['indicator', 'text'], ...TOTAL_FIELDS, ['units', 'integer']);
const BREAKDOWN_COLUMNS = columns(['key', 'text'], ['name', 'text'], ...TOTAL_FIELDS);

@Routes('read models', 'api')
@ApiExtraModels(TotalsItemDto, AreaTotalsItemDto)
export class TotalsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('totals')
  @Access('authenticated')
  @ApiOperation({ summary: 'Per-unit totals by period and indicator: approved (official) and proposed (JSON page, or every page as CSV/XLSX)' })
  @QueryAnswer(TotalsDto, { reads: ['unit_totals', 'indicators', 'reviews', 'units', 'areas'] })
  @Exports()
  async totals(@Query() q: TotalsQueryDto, @Actor() actor: Principal, @Req() req: AuthenticatedRequest, @Reads() reads: QueryReads) {
    const store = await reads.open(q);
    return answer(q, req, () => this.queries.execute(new GetTotals(q, actor, store)), () =>
      pagedTable<object>('totals', TOTALS_COLUMNS, (cursor) => this.queries.execute(new GetTotals({ ...q, cursor: cursor ?? q.cursor, limit: MAX_PAGE }, actor, store))),
    );
  }

  @Get('totals/breakdown')
  @Access('authenticated')
  @ApiOperation({ summary: 'One row per child area (at a level, under the current boundary map) or child unit, with a total row; paged (CSV/XLSX: every row, then the total)' })
  @QueryAnswer(BreakdownDto, { reads: ['unit_totals', 'reports', 'indicators', 'units', 'areas'] })
  @Exports()
  async breakdown(@Query() q: BreakdownQueryDto, @Actor() actor: Principal, @Req() req: AuthenticatedRequest, @Reads() reads: QueryReads) {
    const store = await reads.open(q);
    return answer(q, req, () => this.queries.execute(new GetBreakdown(q, actor, store)), async () => {
      return pagedTable('breakdown', BREAKDOWN_COLUMNS, async (cursor) => {
        const page = await this.queries.execute(new GetBreakdown({ ...q, cursor: cursor ?? q.cursor, limit: MAX_PAGE }, actor, store));
        const total = { key: '', name: q.lang === 'vi' ? 'Tổng cộng' : 'Total', ...page.total };
        // The total row goes last, after the last page's rows.
        return { items: page.nextCursor ? page.items : [...page.items, total], nextCursor: page.nextCursor };
      });
    });
  }
}
