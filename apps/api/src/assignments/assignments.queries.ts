import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { MAX_YEAR, MIN_YEAR } from '@app/domain';
import { AssignmentDoc, expandArea, getAssignment, listAssignments, READ_MODEL_STORE, ReadModelStore } from '@app/read-models';
import { ID_MESSAGE, ID_PATTERN } from '../http/ids';
import { problem } from '../http/problem';
import { FreshQueryDto } from '../queries/query.dto';

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : value);

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

export class ListAssignmentsQuery {
  constructor(readonly q: ListAssignmentsQueryDto) {}
}
export class GetAssignmentQuery {
  constructor(readonly id: string) {}
}
/** Every assignment of an area under the current map: its own, its subtree's and its predecessors'. */
export class AreaAssignmentHistoryQuery {
  constructor(readonly areaCode: string) {}
}

export const assignmentView = ({ _id, position, ...a }: AssignmentDoc) => ({ id: _id, ...a });

@QueryHandler(ListAssignmentsQuery)
export class ListAssignmentsHandler implements IQueryHandler<ListAssignmentsQuery> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}

  async execute({ q }: ListAssignmentsQuery) {
    const items = await listAssignments(this.store, { programId: q.programId, year: q.year, unitId: q.unitId, areaCodes: q.areaCode ? [q.areaCode] : undefined });
    return { items: items.map(assignmentView) };
  }
}

@QueryHandler(GetAssignmentQuery)
export class GetAssignmentHandler implements IQueryHandler<GetAssignmentQuery> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}

  async execute({ id }: GetAssignmentQuery) {
    const doc = await getAssignment(this.store, id);
    if (!doc) throw problem(404, 'Not found', `Assignment ${id} does not exist.`);
    return assignmentView(doc);
  }
}

@QueryHandler(AreaAssignmentHistoryQuery)
export class AreaAssignmentHistoryHandler implements IQueryHandler<AreaAssignmentHistoryQuery> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}

  async execute({ areaCode }: AreaAssignmentHistoryQuery) {
    const codes = await expandArea(this.store, areaCode);
    if (!codes) throw problem(404, 'Not found', `Area ${areaCode} does not exist.`);
    return { areaCode, areaCodes: codes, items: (await listAssignments(this.store, { areaCodes: codes })).map(assignmentView) };
  }
}

export const assignmentQueryHandlers = [ListAssignmentsHandler, GetAssignmentHandler, AreaAssignmentHistoryHandler];
