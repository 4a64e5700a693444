import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ID_MESSAGE, ID_PATTERN, MAX_YEAR, MIN_YEAR, notFound } from '@app/domain';
import { AssignmentDoc, expandArea, getAssignment, listAssignments, ScopedReadModels } from '@app/read-models';
import { FreshQueryDto, toInt } from '../../platform/http/query.dto';

export class ListAssignmentsQueryDto extends FreshQueryDto {
  @ApiPropertyOptional() @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE })
  programId?: string;

  @ApiPropertyOptional({ example: 2021 }) @IsOptional() @Transform(toInt) @IsInt() @Min(MIN_YEAR) @Max(MAX_YEAR)
  year?: number;

  @ApiPropertyOptional() @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE })
  unitId?: string;

  @ApiPropertyOptional({ description: 'Exactly this area code' }) @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE })
  areaCode?: string;
}

export const assignmentView = ({ _id, position, ...a }: AssignmentDoc) => ({ id: _id, ...a });

type AssignmentView = ReturnType<typeof assignmentView>;

export class ListAssignments extends Query<{ items: AssignmentView[] }> {
  constructor(readonly filter: ListAssignmentsQueryDto, readonly reads: ScopedReadModels) {
    super();
  }
}

export class GetAssignment extends Query<AssignmentView> {
  constructor(readonly id: string, readonly reads: ScopedReadModels) {
    super();
  }
}

/** Every assignment of an area under the current map: its own, its subtree's and its predecessors'. */
export class GetAreaAssignments extends Query<{ areaCode: string; areaCodes: string[]; items: AssignmentView[] }> {
  constructor(readonly areaCode: string, readonly reads: ScopedReadModels) {
    super();
  }
}

@QueryHandler(ListAssignments)
export class ListAssignmentsHandler implements IQueryHandler<ListAssignments> {
  async execute({ filter: q, reads }: ListAssignments): Promise<{ items: AssignmentView[] }> {
    const items = await listAssignments(reads, { programId: q.programId, year: q.year, unitId: q.unitId, areaCodes: q.areaCode ? [q.areaCode] : undefined });
    return { items: items.map(assignmentView) };
  }
}

@QueryHandler(GetAssignment)
export class GetAssignmentHandler implements IQueryHandler<GetAssignment> {
  async execute({ id, reads }: GetAssignment): Promise<AssignmentView> {
    const doc = await getAssignment(reads, id);
    if (!doc) throw notFound(`Assignment ${id} does not exist.`);
    return assignmentView(doc);
  }
}

@QueryHandler(GetAreaAssignments)
export class GetAreaAssignmentsHandler implements IQueryHandler<GetAreaAssignments> {
  async execute({ areaCode, reads }: GetAreaAssignments): Promise<{ areaCode: string; areaCodes: string[]; items: AssignmentView[] }> {
    const codes = await expandArea(reads, areaCode);
    if (!codes) throw notFound(`Area ${areaCode} does not exist.`);
    return { areaCode, areaCodes: codes, items: (await listAssignments(reads, { areaCodes: codes })).map(assignmentView) };
  }
}
