import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { getProgram, listPrograms, programCompleteness, ProgramDoc, READ_MODEL_STORE, ReadModelStore } from '@app/read-models';
import { AccessService } from '../auth/access.service';
import { Principal } from '../auth/principal';
import { problem } from '../http/problem';
import { FreshQueryDto } from '../queries/query.dto';
import { PERIOD_MESSAGE, PERIOD_PATTERN } from '../reports/creating-report/create-report.command';

export class CompletenessQueryDto extends FreshQueryDto {
  @ApiProperty({ example: '2021' }) @Matches(PERIOD_PATTERN, { message: PERIOD_MESSAGE })
  period!: string;
}

export class ListProgramsQuery {}
export class GetProgramQuery {
  constructor(readonly id: string) {}
}
export class CompletenessQuery {
  constructor(readonly id: string, readonly period: string, readonly principal: Principal) {}
}

export const programView = ({ _id, position, ...p }: ProgramDoc) => ({ id: _id, ...p });

@QueryHandler(ListProgramsQuery)
export class ListProgramsHandler implements IQueryHandler<ListProgramsQuery> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}

  async execute() {
    return { items: (await listPrograms(this.store)).map(programView) };
  }
}

@QueryHandler(GetProgramQuery)
export class GetProgramHandler implements IQueryHandler<GetProgramQuery> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}

  async execute({ id }: GetProgramQuery) {
    const doc = await getProgram(this.store, id);
    if (!doc) throw problem(404, 'Not found', `Program ${id} does not exist.`);
    return programView(doc);
  }
}

/** Expected, received, approved and on-time reports: for the steering unit's supervisors, auditors and admins. */
@QueryHandler(CompletenessQuery)
export class CompletenessHandler implements IQueryHandler<CompletenessQuery> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore, private readonly access: AccessService) {}

  async execute({ id, period, principal }: CompletenessQuery) {
    const doc = await getProgram(this.store, id);
    if (!doc) throw problem(404, 'Not found', `Program ${id} does not exist.`);
    if (!principal.readsAll && !(await this.access.supervises(principal, doc.steeringUnitId))) {
      throw problem(403, 'Forbidden', `Only supervisors of ${doc.steeringUnitId}, auditors and admins follow the program's completeness.`);
    }
    return programCompleteness(this.store, id, period);
  }
}

export const programQueryHandlers = [ListProgramsHandler, GetProgramHandler, CompletenessHandler];
