import { Get, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Access } from '../../platform/auth/policy.decorator';
import { QueryAnswer } from '../../platform/http/api-responses';
import { AuditPageDto } from '../../platform/http/responses.dto';
import { AuditQuery, AuditQueryDto } from './audit.query';
import { Routes } from '../../platform/http/routes.decorator';

@Routes('read models', 'api')
export class AuditController {
  constructor(private readonly query: AuditQuery) {}

  @Get('audit')
  @Access('auditor-or-admin')
  @ApiOperation({ summary: 'The audit trail in log order: who changed what, when, old → new, why' })
  @QueryAnswer(AuditPageDto)
  audit(@Query() q: AuditQueryDto) {
    return this.query.execute(q);
  }
}
