import { Get, Query, Req } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Access } from '../../platform/auth/policy.decorator';
import { answer, Exports } from '../../platform/export/exportable';
import { columns, TOTAL_FIELDS } from '../../platform/export/headings';
import { pagedTable } from '../../platform/export/table';
import { QueryAnswer } from '../../platform/http/api-responses';
import { AuthenticatedRequest } from '../../platform/http/authenticated-request';
import { MAX_PAGE } from '../../platform/http/query.dto';
import { BreakdownDto, TotalsDto } from '../../platform/http/responses.dto';
import { BreakdownQuery, BreakdownQueryDto } from './breakdown.query';
import { TotalsQuery, TotalsQueryDto } from './totals.query';
import { Routes } from '../../platform/http/routes.decorator';

const TOTALS_COLUMNS = columns(['unitId', 'text'], ['areaCode', 'text'], ['period', 'text'], ['indicator', 'text'], ...TOTAL_FIELDS, ['units', 'integer']);
const BREAKDOWN_COLUMNS = columns(['key', 'text'], ['name', 'text'], ...TOTAL_FIELDS);

@Routes('read models', 'api')
export class TotalsController {
  constructor(private readonly query: TotalsQuery, private readonly breakdownQuery: BreakdownQuery) {}

  @Get('totals')
  @Access('authenticated')
  @ApiOperation({ summary: 'Per-unit totals by period and indicator: approved (official) and proposed (JSON page, or every page as CSV/XLSX)' })
  @QueryAnswer(TotalsDto)
  @Exports()
  totals(@Query() q: TotalsQueryDto, @Req() req: AuthenticatedRequest) {
    return answer(q, req, () => this.query.execute(q, req.principal!), () =>
      pagedTable<object>('totals', TOTALS_COLUMNS, (cursor) => this.query.execute({ ...q, cursor: cursor ?? q.cursor, limit: MAX_PAGE }, req.principal!)),
    );
  }

  @Get('totals/breakdown')
  @Access('authenticated')
  @ApiOperation({ summary: 'One row per child area (at a level, under the current boundary map) or child unit, with a total row; paged (CSV/XLSX: every row, then the total)' })
  @QueryAnswer(BreakdownDto)
  @Exports()
  breakdown(@Query() q: BreakdownQueryDto, @Req() req: AuthenticatedRequest) {
    return answer(q, req, () => this.breakdownQuery.execute(q, req.principal!), async () => {
      let total: Record<string, unknown> | null = null;
      const table = await pagedTable('breakdown', BREAKDOWN_COLUMNS, async (cursor) => {
        const page = await this.breakdownQuery.execute({ ...q, cursor: cursor ?? q.cursor, limit: MAX_PAGE }, req.principal!);
        total = { key: '', name: q.lang === 'vi' ? 'Tổng cộng' : 'Total', ...page.total };
        // The total row goes last, after the last page's rows.
        return { items: page.nextCursor ? page.items : [...page.items, total], nextCursor: page.nextCursor };
      });
      return table;
    });
  }
}
