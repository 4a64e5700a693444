import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ID_MESSAGE, ID_PATTERN, MAX_YEAR, MIN_YEAR, notFound } from '@app/domain';
import { AssignmentDoc, expandArea, getAssignment, listAssignments, READ_MODEL_STORE, ReadModelStore } from '@app/read-models';
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
  constructor(readonly filter: ListAssignmentsQueryDto) {
    super();
  }
}

export class GetAssignment extends Query<AssignmentView> {
  constructor(readonly id: string) {
    super();
  }
}

/** Every assignment of an area under the current map: its own, its subtree's and its predecessors'. */
export class GetAreaAssignments extends Query<{ areaCode: string; areaCodes: string[]; items: AssignmentView[] }> {
  constructor(readonly areaCode: string) {
    super();
  }
}

@QueryHandler(ListAssignments)
export class ListAssignmentsHandler implements IQueryHandler<ListAssignments> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}

  async execute({ filter: q }: ListAssignments): Promise<{ items: AssignmentView[] }> {
    const items = await listAssignments(this.store, { programId: q.programId, year: q.year, unitId: q.unitId, areaCodes: q.areaCode ? [q.areaCode] : undefined });
    return { items: items.map(assignmentView) };
  }
}

@QueryHandler(GetAssignment)
export class GetAssignmentHandler implements IQueryHandler<GetAssignment> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}

  async execute({ id }: GetAssignment): Promise<AssignmentView> {
    const doc = await getAssignment(this.store, id);
    if (!doc) throw notFound(`Assignment ${id} does not exist.`);
    return assignmentView(doc);
  }
}

@QueryHandler(GetAreaAssignments)
export class GetAreaAssignmentsHandler implements IQueryHandler<GetAreaAssignments> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}

  async execute({ areaCode }: GetAreaAssignments): Promise<{ areaCode: string; areaCodes: string[]; items: AssignmentView[] }> {
    const codes = await expandArea(this.store, areaCode);
    if (!codes) throw notFound(`Area ${areaCode} does not exist.`);
    return { areaCode, areaCodes: codes, items: (await listAssignments(this.store, { areaCodes: codes })).map(assignmentView) };
  }
}
