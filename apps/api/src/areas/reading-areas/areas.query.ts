import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { AREA_LEVELS, AreaLevel, ID_MESSAGE, ID_PATTERN, notFound } from '@app/domain';
import { AREAS, AreaDoc, getArea, listAreas, ScopedReadModels } from '@app/read-models';
import { FreshQueryDto } from '../../platform/http/query.dto';

export class ListAreasQueryDto extends FreshQueryDto {
  @ApiPropertyOptional({ description: 'Words of the name; diacritics and case are ignored (ia lop finds Ia Lốp)' })
  @IsOptional() @IsString() @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({ enum: AREA_LEVELS }) @IsOptional() @IsIn(AREA_LEVELS)
  level?: AreaLevel;

  @ApiPropertyOptional() @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE })
  parentCode?: string;

  @ApiPropertyOptional({ enum: ['active', 'retired'] }) @IsOptional() @IsIn(['active', 'retired'])
  status?: 'active' | 'retired';
}

export const areaView = (d: AreaDoc) => ({
  code: d._id, name: d.name, level: d.level, parentCode: d.parentCode, status: d.status,
  successorCode: d.successorCode, retiredFrom: d.retiredFrom,
});

type AreaView = ReturnType<typeof areaView>;
type NamedArea = { code: string; name: string | null; status: AreaDoc['status'] | null };
export type AreaDetail = AreaView & {
  parent: NamedArea | null;
  predecessors: NamedArea[];
  successors: NamedArea[];
  history: Omit<AreaDoc['history'][number], 'eventId'>[];
};

export class ListAreas extends Query<{ items: AreaView[] }> {
  constructor(readonly filter: ListAreasQueryDto, readonly reads: ScopedReadModels) {
    super();
  }
}

export class GetArea extends Query<AreaDetail> {
  constructor(readonly code: string, readonly reads: ScopedReadModels) {
    super();
  }
}

@QueryHandler(ListAreas)
export class ListAreasHandler implements IQueryHandler<ListAreas> {
  async execute({ filter, reads }: ListAreas): Promise<{ items: AreaView[] }> {
    return { items: (await listAreas(reads, filter)).map(areaView) };
  }
}

/** One area with its parent, its lineage (predecessors, successors, named) and its history of boundary changes. */
@QueryHandler(GetArea)
export class GetAreaHandler implements IQueryHandler<GetArea> {
  async execute({ code, reads }: GetArea): Promise<AreaDetail> {
    const doc = await getArea(reads, code);
    if (!doc) throw notFound(`Area ${code} does not exist.`);
    const related = await reads.getMany<AreaDoc>(AREAS, [...new Set([...doc.predecessors, ...doc.successors, ...(doc.parentCode ? [doc.parentCode] : [])])]);
    const named = (codes: string[]) => codes.map((c) => {
      const r = related.find((x) => x._id === c);
      return { code: c, name: r?.name ?? null, status: r?.status ?? null };
    });
    return {
      ...areaView(doc),
      parent: doc.parentCode ? named([doc.parentCode])[0] : null,
      predecessors: named(doc.predecessors),
      successors: named(doc.successors),
      history: doc.history.map(({ eventId, ...entry }) => entry),
    };
  }
}
