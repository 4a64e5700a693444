import { Inject, Injectable } from '@nestjs/common';
import {
  evolveProgram, evolveUnit, ExistingReport, initialProgramState, initialUnitState, ProgramEvent, ProgramState, programStreamId, UnitEvent,
  UnitState, unitStreamId,
} from '@app/domain';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { listUnits, predecessorsOf, READ_MODEL_STORE, ReadModelStore, subtreeOf, UnitScope } from '@app/read-models';
import { problem } from '../http/problem';
import { Principal } from './principal';

/** Unit-scope checks. Commands read the unit streams (consistent); list filters read the unit read model. */
@Injectable()
export class AccessService {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
  ) {}

  async unit(unitId: string): Promise<UnitState> {
    const history = await this.events.readStream(unitStreamId(unitId));
    return history.reduce((s, e) => evolveUnit(s, e as unknown as UnitEvent), initialUnitState);
  }

  /** The unit and its ancestors, nearest first; [] when the unit does not exist. */
  async lineage(unitId: string): Promise<string[]> {
    const chain: string[] = [];
    let current: string | null = unitId;
    while (current && !chain.includes(current)) {
      const state = await this.unit(current);
      if (state.status === 'none') break;
      chain.push(current);
      current = state.parentId;
    }
    return chain;
  }

  /** A program from its stream (consistent: commands and authorization never read a lagging read model). */
  async program(programId: string): Promise<ProgramState> {
    const history = await this.events.readStream(programStreamId(programId));
    return history.reduce((s, e) => evolveProgram(s, e as unknown as ProgramEvent), initialProgramState);
  }

  /**
   * Supervisors of a program's steering unit (the Ban Chỉ đạo, or a unit above it) review the
   * reports filed under the program, in addition to the reporting unit's own supervisors.
   */
  async steers(principal: Principal, programId: string | null): Promise<boolean> {
    if (!programId || principal.supervisorOf.size === 0) return false;
    const program = await this.program(programId);
    return program.status !== 'none' && (await this.supervises(principal, program.steeringUnitId));
  }

  /** May approve, reject or reopen the report: a supervisor of its unit or of its program's steering unit. */
  async assertReviewer(principal: Principal, report: Pick<ExistingReport, 'unitId' | 'programId'>): Promise<void> {
    if ((await this.supervises(principal, report.unitId)) || (await this.steers(principal, report.programId))) return;
    throw problem(403, 'Forbidden', `Only a supervisor of unit ${report.unitId}, or of the steering unit of its program, may do this.`);
  }

  /** May read the report: its unit's readers, or the steering unit's supervisors for a report under a program. */
  async canReadReport(principal: Principal, report: Pick<ExistingReport, 'unitId' | 'programId'>): Promise<boolean> {
    return (await this.canRead(principal, report.unitId)) || (await this.steers(principal, report.programId));
  }

  /** Admins, and supervisors of the steering unit, manage a program and its assignments. */
  async assertProgramManager(principal: Principal, steeringUnitId: string): Promise<void> {
    if (principal.isAdmin || (await this.supervises(principal, steeringUnitId))) return;
    throw problem(403, 'Forbidden', `Only an admin or a supervisor of the steering unit ${steeringUnitId} may do this.`);
  }

  /**
   * Units whose supervisors oversee `unitId`: the unit, its ancestors, and, once it has been merged
   * into a successor, the successor and its ancestors (the successor now answers for the
   * predecessor's history, late reports included).
   */
  async authorities(unitId: string): Promise<string[]> {
    const seen: string[] = [];
    const stack = [unitId];
    while (stack.length) {
      const current = stack.pop()!;
      if (seen.includes(current)) continue;
      const state = await this.unit(current);
      if (state.status === 'none') continue;
      seen.push(current);
      if (state.parentId) stack.push(state.parentId);
      if (state.successorId) stack.push(state.successorId);
    }
    return seen;
  }

  async supervises(principal: Principal, unitId: string): Promise<boolean> {
    if (principal.supervisorOf.size === 0) return false;
    return (await this.authorities(unitId)).some((u) => principal.supervisorOf.has(u));
  }

  async canRead(principal: Principal, unitId: string): Promise<boolean> {
    return principal.readsAll || principal.reporterOf.has(unitId) || (await this.supervises(principal, unitId));
  }

  assertReporter(principal: Principal, unitId: string): void {
    if (!principal.reporterOf.has(unitId)) {
      throw problem(403, 'Forbidden', `Only a reporter of unit ${unitId} may do this.`);
    }
  }

  async assertSupervisor(principal: Principal, unitId: string): Promise<void> {
    if (!(await this.supervises(principal, unitId))) {
      throw problem(403, 'Forbidden', `Only a supervisor of unit ${unitId} or of a unit above it may do this.`);
    }
  }

  /** Units whose data the principal may read: all, or its reporting units plus its supervised subtrees. */
  async readScope(principal: Principal): Promise<UnitScope> {
    if (principal.readsAll) return 'all';
    if (principal.supervisorOf.size === 0) return [...principal.reporterOf];
    // Subtrees and predecessors alternate (a predecessor's own subunits, their predecessors, ...)
    // until nothing new joins, mirroring `authorities` for lists.
    const units = await listUnits(this.readModels);
    let supervised = new Set<string>();
    let frontier = [...principal.supervisorOf];
    while (frontier.length) {
      const grown = subtreeOf(units, frontier).flatMap((u) => predecessorsOf(units, u));
      frontier = grown.filter((u) => !supervised.has(u));
      supervised = new Set([...supervised, ...grown]);
    }
    return [...new Set([...principal.reporterOf, ...supervised])];
  }
}
