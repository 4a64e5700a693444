import { Inject, Injectable } from '@nestjs/common';
import { evolveIndicator, IndicatorEvent, indicatorStreamId, initialIndicatorState } from '@app/domain';
import { EVENT_STORE, EventStore } from '@app/event-store';

/** Indicator definitions read from their streams, so a command never sees a stale catalogue. */
@Injectable()
export class IndicatorCatalog {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore) {}

  /** Scale of each known code; unknown codes are absent. */
  async scales(codes: readonly string[]): Promise<Record<string, number>> {
    const entries = await Promise.all(
      [...new Set(codes)].map(async (code) => {
        const history = await this.events.readStream(indicatorStreamId(code));
        const state = history.reduce((s, e) => evolveIndicator(s, e as unknown as IndicatorEvent), initialIndicatorState);
        return state.status === 'defined' ? ([[code, state.scale]] as const) : [];
      }),
    );
    return Object.fromEntries(entries.flat());
  }
}
