import { AsOfQuery } from '../../platform/http/query.dto';
import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { CODE_MESSAGE, CODE_PATTERN, forbidden, ID_MESSAGE, ID_PATTERN, PERIOD_KEY_MESSAGE, PERIOD_KEY_PATTERN, unprocessable } from '@app/domain';
import { expandArea, Explanation, explainTotal, listUnits, predecessorsOf, READ_MODEL_STORE, ReadModelStore, subtreeOf } from '@app/read-models';
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
  constructor(readonly filter: ExplainQueryDto, readonly actor: Principal) {
    super();
  }
}

/** The lineage of one total: auditors and admins everywhere, supervisors over the units they supervise. */
@QueryHandler(ExplainTotal)
export class ExplainTotalHandler implements IQueryHandler<ExplainTotal> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}

  async execute({ filter: q, actor }: ExplainTotal): Promise<Explanation> {
    const scope = actor.readsAll ? 'all' : await supervisedScope(actor, this.store);
    if (scope !== 'all' && !scope.includes(q.unitId)) throw forbidden(`Explaining totals of unit ${q.unitId} is for auditors and its supervisors.`);
    const units = await listUnits(this.store);
    if (!units.some((u) => u._id === q.unitId)) throw unprocessable(`Unit ${q.unitId} does not exist.`, [{ field: 'unitId', message: 'unknown unit' }]);
    const own = predecessorsOf(units, q.unitId);
    const below = q.includeDescendants === 'true' ? subtreeOf(units, own) : [];
    const unitIds = [...new Set([...own, ...below])].filter((u) => scope === 'all' || scope.includes(u));
    let areaCodes: string[] | undefined;
    if (q.areaCode) {
      const expanded = await expandArea(this.store, q.areaCode);
      if (!expanded) throw unprocessable(`Area ${q.areaCode} does not exist.`, [{ field: 'areaCode', message: 'unknown area' }]);
      areaCodes = expanded;
    }
    return explainTotal(this.store, {
      unitId: q.unitId, unitIds, period: q.period, indicator: q.indicator, areaCodes, programId: q.programId, limit: q.limit ?? DEFAULT_PAGE, cursor: q.cursor,
    }).catch(badCursor);
  }
}
