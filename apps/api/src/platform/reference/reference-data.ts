import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import {
  ApprovalLevel, AREA_MAP_EVENT_TYPES, AREA_MAP_STREAM, areaMapDecider, AreaMapState, consolidationCovers, INDICATOR_EVENT_TYPES, indicatorDecider, IndicatorState, indicatorStreamId, PROGRAM_EVENT_TYPES, programDecider, ProgramState,
  programStreamId, reportDecider, UNIT_EVENT_TYPES, unitDecider, UnitState, unitStreamId, unitTreeLevels,
} from '@app/domain';
import { EVENT_STORE, EventStore, RecordedEvent } from '@app/event-store';

const BATCH = 1000;

/**
 * Lets the event loop run between two batches of a long catch-up: the embedded store reads
 * synchronously, so without it the first catch-up on a large log (most of a second at a million
 * events) held every request, health checks included, however the reads were awaited.
 */
const nextTurn = () => new Promise<void>((resolveTurn) => setImmediate(resolveTurn));

/** The event types `fold` reads; every other type leaves the reference data as it is. */
const FOLDED_TYPES: readonly string[] = [
  ...UNIT_EVENT_TYPES, ...PROGRAM_EVENT_TYPES, ...INDICATOR_EVENT_TYPES, ...AREA_MAP_EVENT_TYPES, 'ReportCreated.v1', 'ReportApproved.v1',
];

/** Units, programs, indicators and the area map as their streams say now (what commands check against). */
export interface Reference {
  unit(unitId: string): UnitState;
  program(programId: string): ProgramState;
  indicator(code: string): IndicatorState;
  readonly areaMap: AreaMapState;
  /** The unit and its ancestors, nearest first; [] when the unit does not exist. */
  lineage(unitId: string): string[];
  /**
   * Units whose supervisors oversee `unitId`: the unit, its ancestors, and, once it has been merged
   * into a successor, the successor and its ancestors (the successor now answers for the
   * predecessor's history, late reports included).
   */
  authorities(unitId: string): string[];
  /** The units below `unitId` (children, their children, ...), not the unit itself. */
  descendants(unitId: string): string[];
  /** Approved consolidated reports that cover a report of this unit and period (see consolidationCovers). */
  consolidatedCovering(unitId: string, period: string): string[];
  /** The levels a report of the unit under no program passes: the nearest unit's, itself or above, that defines some; null: one approval. */
  unitTreeLevels(unitId: string): { definedBy: string; levels: ApprovalLevel[] } | null;
}

interface Consolidation {
  reportId: string;
  period: string;
  consolidates: string[];
  approved: boolean;
}

/**
 * The one reader of reference data for commands and authorization, never a lagging read model.
 * It keeps every unit, program, indicator and the area map folded, with the position of the log
 * it has read, and each call reads only what was appended since (one read of the log's tail, not
 * one stream per unit): the log is append-only, so a kept fold never needs undoing. Every call
 * reads after it arrived, so it sees every event appended before it asked.
 */
@Injectable()
export class ReferenceData implements OnApplicationBootstrap {
  private position: string | null = null;
  private readonly units = new Map<string, UnitState>();
  private readonly programs = new Map<string, ProgramState>();
  private readonly indicators = new Map<string, IndicatorState>();
  private areaMap: AreaMapState = areaMapDecider.initialState;
  /** Consolidated reports only (a few per steering unit and year), for the late-report rule. */
  private readonly consolidations = new Map<string, Consolidation>();
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  constructor(@Inject(EVENT_STORE) private readonly events: EventStore) {}

  /**
   * Starts the first catch-up as the API starts, not when the first command arrives (on a log of
   * a million events it reads for about a second). Not awaited: the API answers meanwhile, and a
   * command that arrives during it waits for it. A failure (a store not reachable yet) is the
   * first command's to meet and report, on its own catch-up.
   */
  onApplicationBootstrap(): void {
    this.refresh().catch(() => undefined);
  }

  async current(): Promise<Reference> {
    await this.refresh();
    const unit = (id: string) => this.units.get(unitStreamId(id)) ?? unitDecider.initialState;
    const lineage = (unitId: string) => {
      const chain: string[] = [];
      for (let current: string | null = unitId; current && !chain.includes(current); ) {
        const state = unit(current);
        if (state.status === 'none') break;
        chain.push(current);
        current = state.parentId;
      }
      return chain;
    };
    return {
      unit,
      program: (id) => this.programs.get(programStreamId(id)) ?? programDecider.initialState,
      indicator: (code) => this.indicators.get(indicatorStreamId(code)) ?? indicatorDecider.initialState,
      areaMap: this.areaMap,
      lineage,
      authorities: (unitId) => {
        const seen: string[] = [];
        const stack = [unitId];
        while (stack.length) {
          const current = stack.pop()!;
          const state = unit(current);
          if (seen.includes(current) || state.status === 'none') continue;
          seen.push(current);
          if (state.parentId) stack.push(state.parentId);
          if (state.successorId) stack.push(state.successorId);
        }
        return seen;
      },
      descendants: (unitId) => {
        const below: string[] = [];
        for (let frontier = [unitId]; frontier.length; ) {
          const next = [...this.units.values()].filter((u) => u.status !== 'none' && u.parentId !== null && frontier.includes(u.parentId) && !below.includes(u.unitId) && u.unitId !== unitId);
          const ids = next.map((u) => (u.status === 'none' ? '' : u.unitId));
          below.push(...ids);
          frontier = ids;
        }
        return below;
      },
      consolidatedCovering: (unitId, period) =>
        [...this.consolidations.values()].filter((c) => c.approved && consolidationCovers(c, { reportId: '', unitId, period })).map((c) => c.reportId),
      unitTreeLevels: (unitId) => unitTreeLevels(lineage(unitId), (id) => {
        const state = unit(id);
        return state.status === 'none' ? [] : state.approvalLevels;
      }),
    };
  }

  /** One catch-up at a time; a caller arriving during one waits for the next, which starts after it arrived. */
  private refresh(): Promise<void> {
    if (!this.running) {
      this.running = this.catchUp().finally(() => (this.running = null));
      return this.running;
    }
    this.queued ??= this.running.catch(() => undefined).then(() => {
      this.queued = null;
      return this.refresh();
    });
    return this.queued;
  }

  /**
   * Reads the log's tail. Where the store reads by type (`readTypes`, the embedded store), only
   * the types this fold knows, up to the head as it stands: a command's tail is mostly figures and
   * reports (on the 1M store under 500 commands/s, reading and decoding them was ~3% of the
   * request thread's time), and the first command after a start reads a whole log. Otherwise
   * (EventStoreDB cannot filter `$all` by type here) every event of the tail, in batches.
   */
  private async catchUp(): Promise<void> {
    if (this.events.readTypes) return this.readFoldedTypes(this.events.readTypes.bind(this.events));
    for (;;) {
      const batch = await this.events.readAll({ after: this.position, limit: BATCH });
      for (const event of batch) this.fold(event);
      if (batch.length) this.position = batch[batch.length - 1].position;
      if (batch.length < BATCH) return;
      await nextTurn();
    }
  }

  private async readFoldedTypes(readTypes: NonNullable<EventStore['readTypes']>): Promise<void> {
    const until = await this.events.headPosition();
    if (until === null || until === this.position) return;
    for (;;) {
      const batch = await readTypes({ after: this.position, until, types: FOLDED_TYPES, limit: BATCH });
      for (const event of batch) this.fold(event);
      if (batch.length < BATCH) break;
      this.position = batch[batch.length - 1].position;
      await nextTurn();
    }
    // Every event up to `until` has been seen: those of other types are nothing to this fold.
    this.position = until;
  }

  private fold(event: RecordedEvent): void {
    const { streamId } = event;
    if (unitDecider.isEvent(event)) {
      this.units.set(streamId, unitDecider.evolve(this.units.get(streamId) ?? unitDecider.initialState, event));
    } else if (programDecider.isEvent(event)) {
      this.programs.set(streamId, programDecider.evolve(this.programs.get(streamId) ?? programDecider.initialState, event));
    } else if (indicatorDecider.isEvent(event)) {
      this.indicators.set(streamId, indicatorDecider.evolve(this.indicators.get(streamId) ?? indicatorDecider.initialState, event));
    } else if (areaMapDecider.isEvent(event) && streamId === AREA_MAP_STREAM) {
      this.areaMap = areaMapDecider.evolve(this.areaMap, event);
    } else if (reportDecider.isEvent(event)) {
      if (event.type === 'ReportCreated.v1' && event.data.consolidates) {
        const { reportId, period, consolidates } = event.data;
        this.consolidations.set(reportId, { reportId, period, consolidates, approved: false });
      } else if (event.type === 'ReportApproved.v1') {
        const c = this.consolidations.get(event.data.reportId);
        if (c) c.approved = true;
      }
    }
  }
}
