import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { getReport, READ_MODEL_STORE, ReadModelStore } from '@app/read-models';
import { canReadReport } from '../../platform/auth/access-policy';
import { Principal } from '../../platform/auth/principal';
import { problem } from '../../platform/http/problem';
import { ReferenceData } from '../../platform/reference/reference-data';
import { ReportView, reportView } from '../report.view';

export class GetReport extends Query<ReportView> {
  constructor(readonly id: string, readonly actor: Principal) {
    super();
  }
}

@QueryHandler(GetReport)
export class GetReportHandler implements IQueryHandler<GetReport> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore, private readonly reference: ReferenceData) {}

  async execute({ id, actor }: GetReport): Promise<ReportView> {
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
