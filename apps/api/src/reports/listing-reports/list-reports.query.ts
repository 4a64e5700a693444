import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { ID_MESSAGE, ID_PATTERN, PERIOD_KEY_MESSAGE, PERIOD_KEY_PATTERN } from '@app/domain';
import { listPrograms, listReports, Page, queryAwaiting, ScopedReadModels, REPORTS, ReportViewDoc } from '@app/read-models';
import { steers, supervises } from '../../platform/auth/access-policy';
import { Principal } from '../../platform/auth/principal';
import { narrowScope, readScope, supervisedScope } from '../../platform/auth/read-scope';
import { badCursor, DEFAULT_PAGE, PagedQueryDto } from '../../platform/http/query.dto';
import { problem } from '../../platform/http/problem';
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

  @ApiPropertyOptional({ enum: ['me'], description: "The caller's approval queue: submitted reports whose next approval (at their level) the caller may give" })
  @IsOptional() @IsIn(['me'])
  awaiting?: 'me';
}

export class ListReports extends Query<Page<ReportView>> {
  constructor(readonly filter: ListReportsQueryDto, readonly actor: Principal, readonly reads: ScopedReadModels) {
    super();
  }
}

@QueryHandler(ListReports)
export class ListReportsHandler implements IQueryHandler<ListReports> {
  constructor(private readonly reference: ReferenceData) {}

  async execute({ filter: q, actor, reads }: ListReports): Promise<Page<ReportView>> {
    if (q.awaiting === 'me') return this.awaitingMe(q, actor, reads);
    // The steering unit's supervisors review every report filed under their program.
    const scope = q.programId && steers(actor, q.programId, await this.reference.current()) ? 'all' : await readScope(actor, reads);
    narrowScope(scope, q.unitId);
    const page = await listReports(reads, { ...q, limit: q.limit ?? DEFAULT_PAGE, scope }).catch(badCursor);
    return { items: page.items.map(reportView), nextCursor: page.nextCursor };
  }

  /** Per level: a report awaits the supervisors of its pending level's unit (or, with one level, its reviewers). */
  private async awaitingMe(q: ListReportsQueryDto, actor: Principal, reads: ScopedReadModels): Promise<Page<ReportView>> {
    if (q.status && q.status !== 'submitted') {
      throw problem(400, 'Invalid input', 'awaiting=me lists submitted reports only.', [{ field: 'status', message: 'must be submitted (or absent) with awaiting=me' }]);
    }
    const ref = await this.reference.current();
    const steered = (await listPrograms(reads)).filter((p) => supervises(actor, p.steeringUnitId, ref)).map((p) => p._id);
    const page = await queryAwaiting(reads, {
      levelUnits: [...actor.supervisorOf], reviewed: await supervisedScope(actor, reads), steered, actor: actor.sub,
      unitId: q.unitId, period: q.period, programId: q.programId, limit: q.limit ?? DEFAULT_PAGE, cursor: q.cursor,
    }).catch(badCursor);
    const docs = new Map((await reads.getMany<ReportViewDoc>(REPORTS, page.items.map((d) => d._id))).map((d) => [d._id, d]));
    return { items: page.items.flatMap((d) => (docs.has(d._id) ? [reportView(docs.get(d._id)!)] : [])), nextCursor: page.nextCursor };
  }
}
