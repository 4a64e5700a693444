import { Inject, Injectable } from '@nestjs/common';
import { getReport, READ_MODEL_STORE, ReadModelStore } from '@app/read-models';
import { canReadReport } from '../../platform/auth/access-policy';
import { Principal } from '../../platform/auth/principal';
import { problem } from '../../platform/http/problem';
import { ReferenceData } from '../../platform/reference/reference-data';
import { reportView } from '../report.view';

@Injectable()
export class GetReportQuery {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore, private readonly reference: ReferenceData) {}

  async execute(id: string, actor: Principal) {
    const doc = await getReport(this.store, id);
    // Out of scope answers 404 like a missing report: existence is itself information. The log and
    // the denial counters still tell the two apart.
    if (!doc) throw problem(404, 'Not found', `Report ${id} does not exist.`);
    if (!canReadReport(actor, doc, await this.reference.current())) {
      throw problem(404, 'Not found', `Report ${id} does not exist.`).deny('object_access', `report ${id} of unit ${doc.unitId} is outside the caller's scope`);
    }
    return reportView(doc);
  }
}
