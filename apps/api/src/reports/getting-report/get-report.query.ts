import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { getReport, ScopedReadModels } from '@app/read-models';
import { canReadReport } from '../../platform/auth/access-policy';
import { Principal } from '../../platform/auth/principal';
import { problem } from '../../platform/http/problem';
import { ReferenceData } from '../../platform/reference/reference-data';
import { ReportView, reportView } from '../report.view';

export class GetReport extends Query<ReportView> {
  constructor(readonly id: string, readonly actor: Principal, readonly reads: ScopedReadModels) {
    super();
  }
}

@QueryHandler(GetReport)
export class GetReportHandler implements IQueryHandler<GetReport> {
  constructor(private readonly reference: ReferenceData) {}

  async execute({ id, actor, reads }: GetReport): Promise<ReportView> {
    const doc = await getReport(reads, id);
    // Out of scope answers 404 like a missing report: existence is itself information. The log and
    // the denial counters still tell the two apart.
    if (!doc) throw problem(404, 'Not found', `Report ${id} does not exist.`);
    if (!canReadReport(actor, doc, await this.reference.current())) {
      throw problem(404, 'Not found', `Report ${id} does not exist.`).deny('object_access', `report ${id} of unit ${doc.unitId} is outside the caller's scope`);
    }
    return reportView(doc);
  }
}
