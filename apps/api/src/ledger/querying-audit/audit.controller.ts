import { Get, Query, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import type { Request } from 'express';
import { answer, Exports } from '../../platform/export/exportable';
import { columns } from '../../platform/export/headings';
import { pagedTable } from '../../platform/export/table';
import { MAX_PAGE } from '../../platform/http/query.dto';
import { Access, QueryAnswer, QueryReads, Reads, Routes } from '../../platform/routing';
import { AuditPageDto } from './audit.dto';
import { AuditQueryDto, QueryAudit } from './audit.query';

const AUDIT_COLUMNS = columns(
  ['at', 'instant'], ['occurredAt', 'instant'], ['actor', 'text'], ['action', 'text'], ['reportId', 'text'], ['unitId', 'text'],
  ['period', 'text'], ['indicator', 'text'], ['areaCode', 'text'], ['oldValue', 'decimal'], ['oldQualifier', 'text'],
  ['newValue', 'decimal'], ['newQualifier', 'text'], ['oldNote', 'text'], ['note', 'text'], ['reason', 'text'], ['comment', 'text'], ['eventType', 'text'],
  ['eventId', 'text'], ['position', 'text'],
);

@Routes('read models', 'api')
export class AuditController {
  constructor(private readonly queries: QueryBus) {}

  @Get('audit')
  @Access('auditor-or-admin')
  @ApiOperation({ summary: 'The audit trail in log order: who changed what, when, old → new, why (JSON page, or every page from `cursor` on as CSV/XLSX)' })
  @QueryAnswer(AuditPageDto, { reads: ['audit_trail'] })
  @Exports()
  async audit(@Query() q: AuditQueryDto, @Req() req: Request, @Reads() reads: QueryReads) {
    const store = await reads.open(q);
    return answer(q, req, () => this.queries.execute(new QueryAudit(q, store)), () =>
      pagedTable('audit', AUDIT_COLUMNS, (cursor) => this.queries.execute(new QueryAudit({ ...q, cursor: cursor ?? q.cursor, limit: MAX_PAGE }, store))),
    );
  }
}
