import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { ID_MESSAGE, ID_PATTERN, PERIOD_KEY_MESSAGE, PERIOD_KEY_PATTERN } from '@app/domain';
import { listReports, Page, READ_MODEL_STORE, ReadModelStore } from '@app/read-models';
import { steers } from '../../platform/auth/access-policy';
import { Principal } from '../../platform/auth/principal';
import { narrowScope, readScope } from '../../platform/auth/read-scope';
import { badCursor, DEFAULT_PAGE, PagedQueryDto } from '../../platform/http/query.dto';
import { ReferenceData } from '../../platform/reference/reference-data';
import { ReportView, reportView } from '../report.view';

export class ListReportsQueryDto extends PagedQueryDto {
  @ApiPropertyOptional({ description: "Reports filed under this program (the steering unit's supervisors see all of them)" })
  @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE })
  programId?: string;

  @ApiPropertyOptional({ enum: ['draft', 'submitted', 'approved', 'rejected', 'amending'] })
  @IsOptional() @IsIn(['draft', 'submitted', 'approved', 'rejected', 'amending'])
  status?: string;

  @ApiPropertyOptional() @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE })
  unitId?: string;

  @ApiPropertyOptional() @IsOptional() @Matches(PERIOD_KEY_PATTERN, { message: PERIOD_KEY_MESSAGE })
  period?: string;
}

export class ListReports extends Query<Page<ReportView>> {
  constructor(readonly filter: ListReportsQueryDto, readonly actor: Principal) {
    super();
  }
}

@QueryHandler(ListReports)
export class ListReportsHandler implements IQueryHandler<ListReports> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore, private readonly reference: ReferenceData) {}

  async execute({ filter: q, actor }: ListReports): Promise<Page<ReportView>> {
    // The steering unit's supervisors review every report filed under their program.
    const scope = q.programId && steers(actor, q.programId, await this.reference.current()) ? 'all' : await readScope(actor, this.store);
    narrowScope(scope, q.unitId);
    const page = await listReports(this.store, { ...q, limit: q.limit ?? DEFAULT_PAGE, scope }).catch(badCursor);
    return { items: page.items.map(reportView), nextCursor: page.nextCursor };
  }
}
