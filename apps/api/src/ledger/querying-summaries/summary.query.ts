import { AsOfQuery } from '../../platform/http/query.dto';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches, registerDecorator } from 'class-validator';
import { ID_MESSAGE, ID_PATTERN, parsePeriod, parsePhase, SUMMARY_PERIOD_PATTERN, unprocessable } from '@app/domain';
import { changesSinceReviews, expandArea, getPeriodSummary, PeriodSummary, ScopedReadModels, ReviewChange } from '@app/read-models';
import { Principal } from '../../platform/auth/principal';
import { readScope } from '../../platform/auth/read-scope';
import { FreshQueryDto } from '../../platform/http/query.dto';
import { ExportableQuery } from '../../platform/export/exportable';

export class SummaryQueryDto extends ExportableQuery(AsOfQuery(FreshQueryDto)) {
  @ApiPropertyOptional() @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE })
  programId?: string;

  @ApiPropertyOptional({ description: 'Only figures reported against the area under the current boundary map' })
  @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE })
  areaCode?: string;
}

/** The pattern admits `2021..2017`; a phase runs forwards. */
function IsForwardPhase() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isForwardPhase',
      target: target.constructor,
      propertyName,
      options: { message: 'is not a period key or a phase' },
      validator: { validate: (value: unknown) => typeof value === 'string' && (parsePeriod(value) !== null || parsePhase(value) !== null) },
    });
}

export class SummaryPeriodParams {
  @ApiProperty({ example: '2017..2021', description: 'A period key (2021, 2021-H1, 2021-Q3, 2021-07) or a phase of years (2017..2021)' })
  @Matches(SUMMARY_PERIOD_PATTERN, { message: 'must be a period key such as 2021-H1 or a phase such as 2017..2021' }) @IsForwardPhase()
  period!: string;
}

export type SummaryView = PeriodSummary & { areaCode?: string; changedSinceReview: ReviewChange[] };

export class GetSummary extends Query<SummaryView> {
  constructor(readonly period: string, readonly filter: SummaryQueryDto, readonly actor: Principal, readonly reads: ScopedReadModels) {
    super();
  }
}

@QueryHandler(GetSummary)
export class GetSummaryHandler implements IQueryHandler<GetSummary> {
  async execute({ period, filter: q, actor, reads }: GetSummary): Promise<SummaryView> {
    const scope = await readScope(actor, reads);
    let areaCodes: string[] | undefined;
    if (q.areaCode) {
      areaCodes = (await expandArea(reads, q.areaCode)) ?? undefined;
      if (!areaCodes) throw unprocessable(`Area ${q.areaCode} does not exist.`, [{ field: 'areaCode', message: 'unknown area' }]);
    }
    const summary = await getPeriodSummary(reads, { period, programId: q.programId, scope, areaCodes });
    // What the period's review conferences announced against the same rows now: the units in scope, the area's figures.
    const codes = areaCodes && new Set(areaCodes);
    const changes = await changesSinceReviews(reads, {
      periods: [period], programId: q.programId,
      keep: (row) => (scope === 'all' || scope.includes(row.unitId)) && (!codes || (row.areaCode !== null && codes.has(row.areaCode))),
    });
    return { ...summary, ...(q.areaCode ? { areaCode: q.areaCode } : {}), changedSinceReview: changes.get(period) ?? [] };
  }
}
