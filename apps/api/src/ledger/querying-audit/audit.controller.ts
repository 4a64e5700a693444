import { Get, Query, Req } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { Request } from 'express';
import { Access } from '../../platform/auth/policy.decorator';
import { answer, Exports } from '../../platform/export/exportable';
import { columns } from '../../platform/export/headings';
import { pagedTable } from '../../platform/export/table';
import { QueryAnswer } from '../../platform/http/api-responses';
import { MAX_PAGE } from '../../platform/http/query.dto';
import { AuditPageDto } from '../../platform/http/responses.dto';
import { AuditQuery, AuditQueryDto } from './audit.query';
import { Routes } from '../../platform/http/routes.decorator';

const AUDIT_COLUMNS = columns(
  ['at', 'instant'], ['occurredAt', 'instant'], ['actor', 'text'], ['action', 'text'], ['reportId', 'text'], ['unitId', 'text'],
  ['period', 'text'], ['indicator', 'text'], ['areaCode', 'text'], ['oldValue', 'decimal'], ['oldQualifier', 'text'],
  ['newValue', 'decimal'], ['newQualifier', 'text'], ['reason', 'text'], ['comment', 'text'], ['eventType', 'text'],
  ['eventId', 'text'], ['position', 'text'],
);

@Routes('read models', 'api')
export class AuditController {
  constructor(private readonly query: AuditQuery) {}

  @Get('audit')
  @Access('auditor-or-admin')
  @ApiOperation({ summary: 'The audit trail in log order: who changed what, when, old → new, why (JSON page, or every page from `cursor` on as CSV/XLSX)' })
  @QueryAnswer(AuditPageDto)
  @Exports()
  audit(@Query() q: AuditQueryDto, @Req() req: Request) {
    return answer(q, req, () => this.query.execute(q), () =>
      pagedTable('audit', AUDIT_COLUMNS, (cursor) => this.query.execute({ ...q, cursor: cursor ?? q.cursor, limit: MAX_PAGE })),
    );
  }
}
