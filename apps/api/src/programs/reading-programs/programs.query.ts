import { Inject, Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { forbidden, notFound, PERIOD_KEY_MESSAGE, PERIOD_KEY_PATTERN } from '@app/domain';
import { getProgram, listPrograms, programCompleteness, ProgramDoc, READ_MODEL_STORE, ReadModelStore } from '@app/read-models';
import { supervises } from '../../platform/auth/access-policy';
import { Principal } from '../../platform/auth/principal';
import { FreshQueryDto } from '../../platform/http/query.dto';
import { ReferenceData } from '../../platform/reference/reference-data';

export class CompletenessQueryDto extends FreshQueryDto {
  @ApiProperty({ example: '2021' }) @Matches(PERIOD_KEY_PATTERN, { message: PERIOD_KEY_MESSAGE })
  period!: string;
}

export const programView = ({ _id, position, ...p }: ProgramDoc) => ({ id: _id, ...p });

@Injectable()
export class ProgramsQuery {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore, private readonly reference: ReferenceData) {}

  async list() {
    return { items: (await listPrograms(this.store)).map(programView) };
  }

  async get(id: string) {
    return programView(await this.existing(id));
  }

  /** Expected, received, approved and on-time reports: for the steering unit's supervisors, auditors and admins. */
  async completeness(id: string, period: string, actor: Principal) {
    const doc = await this.existing(id);
    if (!actor.readsAll && !supervises(actor, doc.steeringUnitId, await this.reference.current())) {
      throw forbidden(`Only supervisors of ${doc.steeringUnitId}, auditors and admins follow the program's completeness.`);
    }
    return programCompleteness(this.store, id, period);
  }

  private async existing(id: string): Promise<ProgramDoc> {
    const doc = await getProgram(this.store, id);
    if (!doc) throw notFound(`Program ${id} does not exist.`);
    return doc;
  }
}
