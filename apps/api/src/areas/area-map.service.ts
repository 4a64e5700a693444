import { Inject, Injectable } from '@nestjs/common';
import { AREA_MAP_STREAM, AreaMapEvent, AreaMapState, decideAreaMap, evolveAreaMap, initialAreaMapState } from '@app/domain';
import { EVENT_STORE, EventStore } from '@app/event-store';

export const areaMapDecider = { decide: decideAreaMap, evolve: evolveAreaMap, initialState: initialAreaMapState };

/** The boundary map as its stream says now: what commands check area codes against (never a lagging read model). */
@Injectable()
export class AreaMapService {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore) {}

  async state(): Promise<AreaMapState> {
    const history = await this.events.readStream(AREA_MAP_STREAM);
    return history.reduce((s, e) => evolveAreaMap(s, e as unknown as AreaMapEvent), initialAreaMapState);
  }
}
