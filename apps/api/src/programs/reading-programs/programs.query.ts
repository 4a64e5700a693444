import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { forbidden, notFound, PERIOD_KEY_MESSAGE, PERIOD_KEY_PATTERN } from '@app/domain';
import { Completeness, getProgram, listPrograms, programCompleteness, ProgramDoc, READ_MODEL_STORE, ReadModelStore } from '@app/read-models';
import { supervises } from '../../platform/auth/access-policy';
import { Principal } from '../../platform/auth/principal';
import { FreshQueryDto } from '../../platform/http/query.dto';
import { ReferenceData } from '../../platform/reference/reference-data';

export class CompletenessQueryDto extends FreshQueryDto {
  @ApiProperty({ example: '2021' }) @Matches(PERIOD_KEY_PATTERN, { message: PERIOD_KEY_MESSAGE })
  period!: string;
}

export const programView = ({ _id, position, approvalLevels, ...p }: ProgramDoc) => ({ id: _id, ...p, approvalLevels: approvalLevels ?? [] });

type ProgramView = ReturnType<typeof programView>;

export class ListPrograms extends Query<{ items: ProgramView[] }> {}

export class GetProgram extends Query<ProgramView> {
  constructor(readonly id: string) {
    super();
  }
}

/** Expected, received, approved and on-time reports: for the steering unit's supervisors, auditors and admins. */
export class GetCompleteness extends Query<Completeness> {
  constructor(readonly id: string, readonly period: string, readonly actor: Principal) {
    super();
  }
}

@QueryHandler(ListPrograms)
export class ListProgramsHandler implements IQueryHandler<ListPrograms> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}

  async execute(): Promise<{ items: ProgramView[] }> {
    return { items: (await listPrograms(this.store)).map(programView) };
  }
}

@QueryHandler(GetProgram)
export class GetProgramHandler implements IQueryHandler<GetProgram> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}

  async execute({ id }: GetProgram): Promise<ProgramView> {
    return programView(await existingProgram(this.store, id));
  }
}

@QueryHandler(GetCompleteness)
export class GetCompletenessHandler implements IQueryHandler<GetCompleteness> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore, private readonly reference: ReferenceData) {}

  async execute({ id, period, actor }: GetCompleteness): Promise<Completeness> {
    const doc = await existingProgram(this.store, id);
    if (!actor.readsAll && !supervises(actor, doc.steeringUnitId, await this.reference.current())) {
      throw forbidden(`Only supervisors of ${doc.steeringUnitId}, auditors and admins follow the program's completeness.`);
    }
    return programCompleteness(this.store, id, period);
  }
}

async function existingProgram(store: ReadModelStore, id: string): Promise<ProgramDoc> {
  const doc = await getProgram(store, id);
  if (!doc) throw notFound(`Program ${id} does not exist.`);
  return doc;
}
