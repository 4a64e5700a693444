import { Inject, Injectable } from '@nestjs/common';
import { AREA_MAP_STREAM, AreaMapEvent, AreaMapState, decideAreaMap, evolveAreaMap, initialAreaMapState } from '@app/domain';
import { EVENT_STORE, EventStore } from '@app/event-store';

export const areaMapDecider = { decide: decideAreaMap, evolve: evolveAreaMap, initialState: initialAreaMapState };

/**
 * The boundary map as its stream says now: what commands check area codes against (never a
 * lagging read model). The map is one stream holding the country's whole boundary history, so
 * the folded state is kept and each call reads only the events appended since; a stream is
 * append-only, so the kept fold never needs undoing, and every call still sees the latest event.
 */
@Injectable()
export class AreaMapService {
  private folded: { state: AreaMapState; nextRevision: number } = { state: initialAreaMapState, nextRevision: 0 };

  constructor(@Inject(EVENT_STORE) private readonly events: EventStore) {}

  async state(): Promise<AreaMapState> {
    const { state, nextRevision } = this.folded;
    const tail = await this.events.readStream(AREA_MAP_STREAM, nextRevision);
    if (tail.length === 0) return state;
    const next = {
      state: tail.reduce((s, e) => evolveAreaMap(s, e as unknown as AreaMapEvent), state),
      nextRevision: tail[tail.length - 1].revision + 1,
    };
    // Concurrent calls may fold the same tail; keep whichever reached further.
    if (next.nextRevision > this.folded.nextRevision) this.folded = next;
    return next.state;
  }
}
