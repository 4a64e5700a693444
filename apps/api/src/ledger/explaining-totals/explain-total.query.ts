import { AsOfQuery } from '../../platform/http/query.dto';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { CODE_MESSAGE, CODE_PATTERN, forbidden, ID_MESSAGE, ID_PATTERN, PERIOD_KEY_MESSAGE, PERIOD_KEY_PATTERN, unprocessable } from '@app/domain';
import { expandArea, Explanation, explainTotal, listUnits, predecessorsOf, ScopedReadModels, subtreeOf } from '@app/read-models';
import { Principal } from '../../platform/auth/principal';
import { supervisedScope } from '../../platform/auth/read-scope';
import { badCursor, DEFAULT_PAGE, PagedQueryDto } from '../../platform/http/query.dto';

export class ExplainQueryDto extends AsOfQuery(PagedQueryDto) {
  @ApiProperty({ description: 'The unit whose total is explained (with its predecessors)' }) @Matches(ID_PATTERN, { message: ID_MESSAGE })
  unitId!: string;

  @ApiProperty({ example: '2021' }) @Matches(PERIOD_KEY_PATTERN, { message: PERIOD_KEY_MESSAGE })
  period!: string;

  @ApiProperty({ example: 'work_days' }) @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  indicator!: string;

  @ApiPropertyOptional({ description: "The unit's figures in this area only (its subtree and predecessors under the current boundary map)" })
  @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE })
  areaCode?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: "The unit's subtree too" }) @IsOptional() @IsIn(['true', 'false'])
  includeDescendants?: 'true' | 'false';

  @ApiPropertyOptional() @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE })
  programId?: string;
}

export class ExplainTotal extends Query<Explanation> {
  constructor(readonly filter: ExplainQueryDto, readonly actor: Principal, readonly reads: ScopedReadModels) {
    super();
  }
}

/** The lineage of one total: auditors and admins everywhere, supervisors over the units they supervise. */
@QueryHandler(ExplainTotal)
export class ExplainTotalHandler implements IQueryHandler<ExplainTotal> {
  async execute({ filter: q, actor, reads }: ExplainTotal): Promise<Explanation> {
    const scope = actor.readsAll ? 'all' : await supervisedScope(actor, reads);
    if (scope !== 'all' && !scope.includes(q.unitId)) throw forbidden(`Explaining totals of unit ${q.unitId} is for auditors and its supervisors.`);
    const units = await listUnits(reads);
    if (!units.some((u) => u._id === q.unitId)) throw unprocessable(`Unit ${q.unitId} does not exist.`, [{ field: 'unitId', message: 'unknown unit' }]);
    const own = predecessorsOf(units, q.unitId);
    const below = q.includeDescendants === 'true' ? subtreeOf(units, own) : [];
    const unitIds = [...new Set([...own, ...below])].filter((u) => scope === 'all' || scope.includes(u));
    let areaCodes: string[] | undefined;
    if (q.areaCode) {
      const expanded = await expandArea(reads, q.areaCode);
      if (!expanded) throw unprocessable(`Area ${q.areaCode} does not exist.`, [{ field: 'areaCode', message: 'unknown area' }]);
      areaCodes = expanded;
    }
    return explainTotal(reads, {
      unitId: q.unitId, unitIds, period: q.period, indicator: q.indicator, areaCodes, programId: q.programId, limit: q.limit ?? DEFAULT_PAGE, cursor: q.cursor,
    }).catch(badCursor);
  }
}
