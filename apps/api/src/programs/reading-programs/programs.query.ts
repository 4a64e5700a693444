import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { forbidden, notFound, PERIOD_KEY_MESSAGE, PERIOD_KEY_PATTERN } from '@app/domain';
import { Completeness, getProgram, listPrograms, programCompleteness, ProgramDoc, ReadModelStore, ScopedReadModels } from '@app/read-models';
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

export class ListPrograms extends Query<{ items: ProgramView[] }> {
  constructor(readonly reads: ScopedReadModels) {
    super();
  }
}

export class GetProgram extends Query<ProgramView> {
  constructor(readonly id: string, readonly reads: ScopedReadModels) {
    super();
  }
}

/** Expected, received, approved and on-time reports: for the steering unit's supervisors, auditors and admins. */
export class GetCompleteness extends Query<Completeness> {
  constructor(readonly id: string, readonly period: string, readonly actor: Principal, readonly reads: ScopedReadModels) {
    super();
  }
}

@QueryHandler(ListPrograms)
export class ListProgramsHandler implements IQueryHandler<ListPrograms> {
  async execute({ reads }: ListPrograms): Promise<{ items: ProgramView[] }> {
    return { items: (await listPrograms(reads)).map(programView) };
  }
}

@QueryHandler(GetProgram)
export class GetProgramHandler implements IQueryHandler<GetProgram> {
  async execute({ id, reads }: GetProgram): Promise<ProgramView> {
    return programView(await existingProgram(reads, id));
  }
}

@QueryHandler(GetCompleteness)
export class GetCompletenessHandler implements IQueryHandler<GetCompleteness> {
  constructor(private readonly reference: ReferenceData) {}

  async execute({ id, period, actor, reads }: GetCompleteness): Promise<Completeness> {
    const doc = await existingProgram(reads, id);
    if (!actor.readsAll && !supervises(actor, doc.steeringUnitId, await this.reference.current())) {
      throw forbidden(`Only supervisors of ${doc.steeringUnitId}, auditors and admins follow the program's completeness.`);
    }
    return programCompleteness(reads, id, period);
  }
}

async function existingProgram(store: ReadModelStore, id: string): Promise<ProgramDoc> {
  const doc = await getProgram(store, id);
  if (!doc) throw notFound(`Program ${id} does not exist.`);
  return doc;
}
