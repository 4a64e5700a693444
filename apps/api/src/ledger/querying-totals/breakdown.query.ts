import { AsOfQuery } from '../../platform/http/query.dto';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { CODE_MESSAGE, CODE_PATTERN, ID_MESSAGE, ID_PATTERN, PERIOD_KEY_MESSAGE, PERIOD_KEY_PATTERN, unprocessable } from '@app/domain';
import { Breakdown, queryBreakdown, ScopedReadModels } from '@app/read-models';
import { Principal } from '../../platform/auth/principal';
import { narrowScope, readScope } from '../../platform/auth/read-scope';
import { badCursor, DEFAULT_PAGE, PagedQueryDto } from '../../platform/http/query.dto';
import { ExportableQuery } from '../../platform/export/exportable';
import { problem } from '../../platform/http/problem';

export class BreakdownQueryDto extends ExportableQuery(AsOfQuery(PagedQueryDto)) {
  @ApiProperty({ example: '2020' }) @Matches(PERIOD_KEY_PATTERN, { message: PERIOD_KEY_MESSAGE })
  period!: string;

  @ApiProperty({ example: 'houses_supported' }) @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  indicator!: string;

  @ApiProperty({ enum: ['area', 'unit'] }) @IsIn(['area', 'unit'])
  by!: 'area' | 'unit';

  @ApiPropertyOptional({ description: 'by=area: the area whose children are the rows' })
  @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE })
  areaCode?: string;

  @ApiPropertyOptional({ enum: ['district', 'commune', 'village'], description: "by=area: the rows' level (default: the area's direct children)" })
  @IsOptional() @IsIn(['district', 'commune', 'village'])
  level?: 'district' | 'commune' | 'village';

  @ApiPropertyOptional({ description: 'by=unit: the unit whose child units are the rows' })
  @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE })
  unitId?: string;
}

export class GetBreakdown extends Query<Breakdown> {
  constructor(readonly filter: BreakdownQueryDto, readonly actor: Principal, readonly reads: ScopedReadModels) {
    super();
  }
}

/** One row per child area or child unit, with a total row; paged. */
@QueryHandler(GetBreakdown)
export class GetBreakdownHandler implements IQueryHandler<GetBreakdown> {
  async execute({ filter: q, actor, reads }: GetBreakdown): Promise<Breakdown> {
    if (q.by === 'area' && !q.areaCode) throw problem(400, 'Invalid input', 'by=area needs an areaCode.', [{ field: 'areaCode', message: 'is required with by=area' }]);
    if (q.by === 'unit' && !q.unitId) throw problem(400, 'Invalid input', 'by=unit needs a unitId.', [{ field: 'unitId', message: 'is required with by=unit' }]);
    const scope = await readScope(actor, reads);
    narrowScope(scope, q.unitId);
    const page = await queryBreakdown(reads, { ...q, scope, limit: q.limit ?? DEFAULT_PAGE }).catch(badCursor);
    if (!page) {
      const field = q.by === 'area' ? 'areaCode' : 'unitId';
      throw unprocessable(`${q.by === 'area' ? 'Area' : 'Unit'} ${q.by === 'area' ? q.areaCode : q.unitId} does not exist.`, [{ field, message: `unknown ${q.by}` }]);
    }
    return page;
  }
}
