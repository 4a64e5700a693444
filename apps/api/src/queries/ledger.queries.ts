import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import {
  expandArea, getPeriodSummary, getReport, listReports, listUnits, predecessorsOf, queryAreaTotals, queryAudit, queryTotals,
  queryUnitRollup, READ_MODEL_STORE, ReadModelStore, subtreeOf, UnitScope,
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
    // Out of scope answers 404 like a missing report: existence is itself information. The log and
    // the denial counters still tell the two apart.
    if (!doc) throw problem(404, 'Not found', `Report ${id} does not exist.`);
    if (!(await this.access.canReadReport(principal, doc))) {
      throw problem(404, 'Not found', `Report ${id} does not exist.`).deny('object_access', `report ${id} of unit ${doc.unitId} is outside the caller's scope`);
    }
    return reportView(doc);
  }
}

@QueryHandler(ListReportsQuery)
export class ListReportsHandler implements IQueryHandler<ListReportsQuery> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore, private readonly access: AccessService) {}

  async execute({ q, principal }: ListReportsQuery) {
    // The steering unit's supervisors review every report filed under their program.
    const scope = q.programId && (await this.access.steers(principal, q.programId)) ? 'all' : await this.access.readScope(principal);
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
    const { period, indicator, programId } = q;
    if (q.areaCode) {
      const items = await queryAreaTotals(this.store, { areaCode: q.areaCode, period, indicator, programId, unitIds: q.unitId ? await this.unitSet(q.unitId, q.includeDescendants === 'true', scope) : undefined, scope: q.unitId ? 'all' : scope });
      if (!items) throw problem(422, 'Unprocessable reference', `Area ${q.areaCode} does not exist.`, [{ field: 'areaCode', message: 'unknown area' }]);
      return { items };
    }
    if (q.unitId) {
      return { items: await queryUnitRollup(this.store, { unitId: q.unitId, unitIds: await this.unitSet(q.unitId, q.includeDescendants === 'true', scope), period, indicator, programId }) };
    }
    return { items: await queryTotals(this.store, { period, indicator, programId, scope }) };
  }

  /**
   * The units whose figures count as `unitId`'s: the unit and its predecessors (units merged into
   * it, whose history is now its own), and with descendants its subtree, narrowed to the scope.
   */
  private async unitSet(unitId: string, includeDescendants: boolean, scope: UnitScope): Promise<string[]> {
    const units = await listUnits(this.store);
    const own = predecessorsOf(units, unitId);
    const below = includeDescendants ? subtreeOf(units, own).filter((u) => scope === 'all' || scope.includes(u)) : [];
    return [...new Set([...own, ...below])];
  }
}

@QueryHandler(SummaryQuery)
export class SummaryHandler implements IQueryHandler<SummaryQuery> {
  constructor(@Inject(READ_MODEL_STORE) private readonly store: ReadModelStore, private readonly access: AccessService) {}

  async execute({ period, q, principal }: SummaryQuery) {
    const scope = await this.access.readScope(principal);
    let areaCodes: string[] | undefined;
    if (q.areaCode) {
      areaCodes = (await expandArea(this.store, q.areaCode)) ?? undefined;
      if (!areaCodes) throw problem(422, 'Unprocessable reference', `Area ${q.areaCode} does not exist.`, [{ field: 'areaCode', message: 'unknown area' }]);
    }
    return { ...(await getPeriodSummary(this.store, { period, programId: q.programId, scope, areaCodes })), ...(q.areaCode ? { areaCode: q.areaCode } : {}) };
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
