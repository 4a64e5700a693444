import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import {
  getPeriodSummary, getReport, listReports, queryAudit, queryTotals, READ_MODEL_STORE, ReadModelStore, UnitScope,
} from '@app/read-models';
import { AccessService } from '../auth/access.service';
import { Principal } from '../auth/principal';
import { problem } from '../http/problem';
import { AuditQueryDto, ListReportsQueryDto, SummaryQueryDto, TotalsQueryDto } from './query.dto';
import { reportView } from './report.view';

const DEFAULT_PAGE = 50;

export class GetReportQuery {
  constructor(readonly id: string, readonly principal: Principal) {}
}
export class ListReportsQuery {
  constructor(readonly q: ListReportsQueryDto, readonly principal: Principal) {}
}
export class TotalsQuery {
  constructor(readonly q: TotalsQueryDto, readonly principal: Principal) {}
}
export class SummaryQuery {
  constructor(readonly period: string, readonly q: SummaryQueryDto, readonly principal: Principal) {}
}
export class AuditQuery {
  constructor(readonly q: AuditQueryDto) {}
}

/** An explicit unitId outside the caller's scope is refused; no unitId means "everything I may see". */
function narrow(scope: UnitScope, unitId: string | undefined): void {
  if (unitId && scope !== 'all' && !scope.includes(unitId)) {
    throw problem(403, 'Forbidden', `You may not read unit ${unitId}.`);
  }
}

const badCursor = (e: unknown) => {
  if (e instanceof RangeError) throw problem(400, 'Invalid input', 'cursor is not one this API issued.', [{ field: 'cursor', message: 'is not valid' }]);
  throw e;
};

@QueryHandler(GetReportQuery)
export class GetReportHandler implements IQueryHandler<GetReportQuery> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore, private readonly access: AccessService) {}

  async execute({ id, principal }: GetReportQuery) {
    const doc = await getReport(this.store, id);
    // Out of scope answers 404 like a missing report: existence is itself information.
    if (!doc || !(await this.access.canRead(principal, doc.unitId))) throw problem(404, 'Not found', `Report ${id} does not exist.`);
    return reportView(doc);
  }
}

@QueryHandler(ListReportsQuery)
export class ListReportsHandler implements IQueryHandler<ListReportsQuery> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore, private readonly access: AccessService) {}

  async execute({ q, principal }: ListReportsQuery) {
    const scope = await this.access.readScope(principal);
    narrow(scope, q.unitId);
    const page = await listReports(this.store, { ...q, limit: q.limit ?? DEFAULT_PAGE, scope }).catch(badCursor);
    return { items: page.items.map(reportView), nextCursor: page.nextCursor };
  }
}

@QueryHandler(TotalsQuery)
export class TotalsHandler implements IQueryHandler<TotalsQuery> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore, private readonly access: AccessService) {}

  async execute({ q, principal }: TotalsQuery) {
    const scope = await this.access.readScope(principal);
    narrow(scope, q.unitId);
    return { items: await queryTotals(this.store, { period: q.period, unitId: q.unitId, indicator: q.indicator, scope }) };
  }
}

@QueryHandler(SummaryQuery)
export class SummaryHandler implements IQueryHandler<SummaryQuery> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore, private readonly access: AccessService) {}

  async execute({ period, q, principal }: SummaryQuery) {
    const scope = await this.access.readScope(principal);
    return getPeriodSummary(this.store, { period, programId: q.programId, scope });
  }
}

@QueryHandler(AuditQuery)
export class AuditHandler implements IQueryHandler<AuditQuery> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore) {}

  async execute({ q }: AuditQuery) {
    const normalize = (t?: string) => (t ? new Date(t).toISOString() : undefined);
    const page = await queryAudit(this.store, { ...q, from: normalize(q.from), to: normalize(q.to), limit: q.limit ?? DEFAULT_PAGE, scope: 'all' }).catch(badCursor);
    return {
      items: page.items.map(({ _id, programId, correlationId, ...entry }) => entry),
      nextCursor: page.nextCursor,
    };
  }
}

export const queryHandlers = [GetReportHandler, ListReportsHandler, TotalsHandler, SummaryHandler, AuditHandler];
