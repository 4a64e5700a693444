import { AsOfQuery } from '../../platform/http/query.dto';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { CODE_MESSAGE, CODE_PATTERN, ID_MESSAGE, ID_PATTERN, PERIOD_KEY_MESSAGE, PERIOD_KEY_PATTERN, unprocessable } from '@app/domain';
import { AreaTotalsItem, listUnits, Page, predecessorsOf, TotalsItem, queryAreaTotals, queryTotals, queryUnitRollup, ScopedReadModels, subtreeOf, UnitScope, withReviewChanges } from '@app/read-models';
import { Principal } from '../../platform/auth/principal';
import { narrowScope, readScope } from '../../platform/auth/read-scope';
import { badCursor, DEFAULT_PAGE, PagedQueryDto } from '../../platform/http/query.dto';
import { ExportableQuery } from '../../platform/export/exportable';

export class TotalsQueryDto extends ExportableQuery(AsOfQuery(PagedQueryDto)) {
  @ApiPropertyOptional() @IsOptional() @Matches(PERIOD_KEY_PATTERN, { message: PERIOD_KEY_MESSAGE })
  period?: string;

  @ApiPropertyOptional({ description: "With a unit: that unit's figures in the area only" }) @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE })
  unitId?: string;

  @ApiPropertyOptional({ description: 'Totals over the area under the current boundary map (its subtree and predecessors)' })
  @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE })
  areaCode?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: "With unitId: sum over the unit's subtree" })
  @IsOptional() @IsIn(['true', 'false'])
  includeDescendants?: 'true' | 'false';

  @ApiPropertyOptional() @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE })
  programId?: string;

  @ApiPropertyOptional() @IsOptional() @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  indicator?: string;
}

export class GetTotals extends Query<Page<TotalsItem | AreaTotalsItem>> {
  constructor(readonly filter: TotalsQueryDto, readonly actor: Principal, readonly reads: ScopedReadModels) {
    super();
  }
}

@QueryHandler(GetTotals)
export class GetTotalsHandler implements IQueryHandler<GetTotals> {
  async execute({ filter: q, actor, reads }: GetTotals): Promise<Page<TotalsItem | AreaTotalsItem>> {
    const scope = await readScope(actor, reads);
    narrowScope(scope, q.unitId);
    const { period, indicator, programId, cursor } = q;
    const limit = q.limit ?? DEFAULT_PAGE;
    if (q.areaCode) {
      const page = await queryAreaTotals(reads, { areaCode: q.areaCode, period, indicator, programId, unitIds: q.unitId ? await this.unitSet(reads, q.unitId, q.includeDescendants === 'true', scope) : undefined, scope: q.unitId ? 'all' : scope, limit, cursor }).catch(badCursor);
      if (!page) throw unprocessable(`Area ${q.areaCode} does not exist.`, [{ field: 'areaCode', message: 'unknown area' }]);
      return page;
    }
    // Unit totals of a period a review conference announced say what changed since, for the same units.
    if (q.unitId) {
      const unitIds = await this.unitSet(reads, q.unitId, q.includeDescendants === 'true', scope);
      const page = await queryUnitRollup(reads, { unitId: q.unitId, unitIds, period, indicator, programId, limit, cursor }).catch(badCursor);
      return { ...page, items: await withReviewChanges(reads, page.items, () => unitIds, programId) };
    }
    const page = await queryTotals(reads, { period, indicator, programId, scope, limit, cursor }).catch(badCursor);
    return { ...page, items: await withReviewChanges(reads, page.items, (i) => [i.unitId], programId) };
  }

  /**
   * The units whose figures count as `unitId`'s: the unit and its predecessors (units merged into
   * it, whose history is now its own), and with descendants its subtree, narrowed to the scope.
   */
  private async unitSet(reads: ScopedReadModels, unitId: string, includeDescendants: boolean, scope: UnitScope): Promise<string[]> {
    const units = await listUnits(reads);
    const own = predecessorsOf(units, unitId);
    const below = includeDescendants ? subtreeOf(units, own).filter((u) => scope === 'all' || scope.includes(u)) : [];
    return [...new Set([...own, ...below])];
  }
}
