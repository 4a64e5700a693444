import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Length, Matches } from 'class-validator';
import { CODE_MESSAGE, CODE_PATTERN, ID_MESSAGE, ID_PATTERN } from '@app/domain';
import { AuditEntryDoc, Page, queryAudit, ScopedReadModels } from '@app/read-models';
import { badCursor, DEFAULT_PAGE, PagedQueryDto } from '../../platform/http/query.dto';
import { ExportableQuery } from '../../platform/export/exportable';

/** RFC 3339 date-times only (what `format: date-time` promises), so that every accepted value is a valid Date. */
const INSTANT = /^[1-9]\d{3}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
const INSTANT_MESSAGE = 'must be an RFC 3339 date-time such as 2021-01-01T00:00:00Z';

export class AuditQueryDto extends ExportableQuery(PagedQueryDto) {
  @ApiPropertyOptional() @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE })
  reportId?: string;

  @ApiPropertyOptional() @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE })
  unitId?: string;

  @ApiPropertyOptional() @IsOptional() @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  indicator?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200)
  actor?: string;

  @ApiPropertyOptional({ example: '2021-01-01T00:00:00Z' }) @IsOptional() @IsISO8601({ strict: true }) @Matches(INSTANT, { message: INSTANT_MESSAGE })
  from?: string;

  @ApiPropertyOptional({ example: '2021-12-31T23:59:59Z' }) @IsOptional() @IsISO8601({ strict: true }) @Matches(INSTANT, { message: INSTANT_MESSAGE })
  to?: string;
}

/** An audit entry as the API shows it. */
export type AuditEntryView = Omit<AuditEntryDoc, '_id' | 'programId' | 'correlationId'>;

export class QueryAudit extends Query<Page<AuditEntryView>> {
  constructor(readonly filter: AuditQueryDto, readonly reads: ScopedReadModels) {
    super();
  }
}

/** The audit trail in log order, for auditors and admins (the route's policy). */
@QueryHandler(QueryAudit)
export class QueryAuditHandler implements IQueryHandler<QueryAudit> {
  async execute({ filter: q, reads }: QueryAudit): Promise<Page<AuditEntryView>> {
    const normalize = (t?: string) => (t ? new Date(t).toISOString() : undefined);
    const page = await queryAudit(reads, { ...q, from: normalize(q.from), to: normalize(q.to), limit: q.limit ?? DEFAULT_PAGE, scope: 'all' }).catch(badCursor);
    return {
      items: page.items.map(({ _id, programId, correlationId, ...entry }) => entry),
      nextCursor: page.nextCursor,
    };
  }
}
