import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { HealthDto, UnavailableHealthDto } from '../platform/http/responses.dto';
import { Response } from 'express';
import { comparePositions, EVENT_STORE, EventStore } from '@app/event-store';
import { checkpointName, LiveReadModels, READ_MODEL_STORE } from '@app/read-models';
import { Access } from '../platform/auth/policy.decorator';

// Lag is counted by reading the log past each distinct checkpoint; the cap bounds what one probe
// costs (an orchestrator polls this every few seconds). Past it, `lagCapped` says "at least".
const LAG_CAP = 1_000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_MODEL_STORE) private readonly readModels: LiveReadModels,
  ) {}

  /**
   * Live when the process answers; ready when both stores answer. Per projection: the live
   * build's version and checkpoint, and its lag in events counted in the log from that
   * checkpoint (not from what a projector has in hand), and any build in progress beside it.
   */
  @Get()
  @Access('public')
  @ApiOperation({ summary: 'Liveness, readiness and the checkpoint, version and lag of every projection' })
  @ApiResponse({ status: 200, description: 'Live and ready', type: HealthDto })
  @ApiResponse({ status: 503, description: 'Live, but a store does not answer', type: UnavailableHealthDto })
  async health(@Res({ passthrough: true }) res: Response) {
    try {
      // A remote event store known to be down: not ready, without waiting for a call to time out.
      if (this.events.availability?.().available === false) throw new Error('event store unavailable');
      const physical = this.readModels.physical;
      const [head, registry] = await Promise.all([this.events.headPosition(), this.readModels.registry(true)]);
      const lags = new Map<string | null, Promise<number>>();
      const lagOf = (checkpoint: string | null) => {
        if (!lags.has(checkpoint)) lags.set(checkpoint, this.events.readAll({ after: checkpoint, limit: LAG_CAP }).then((b) => b.length));
        return lags.get(checkpoint)!;
      };
      const state = async (name: string, build: { build: number; version: number }) => {
        const checkpoint = await physical.getCheckpoint(checkpointName({ projection: name, build: build.build }));
        const lag = await lagOf(checkpoint);
        return { build: build.build, version: build.version, checkpoint, lag, lagCapped: lag === LAG_CAP };
      };
      const projections = [];
      for (const p of this.readModels.projections) {
        const doc = registry.get(p.name);
        const live = doc?.live ? await state(p.name, doc.live) : null;
        projections.push({
          name: p.name,
          codeVersion: p.version,
          ...(live ?? { build: null, version: null, checkpoint: null, lag: await lagOf(null), lagCapped: false }),
          switchedAt: doc?.switchedAt ?? null,
          building: doc?.building ? await state(p.name, doc.building) : null,
        });
      }
      const slowest = projections.reduce((a, b) => (comparePositions(b.checkpoint, a.checkpoint) < 0 ? b : a));
      return {
        status: 'ok',
        live: true,
        ready: true,
        projection: { name: slowest.name, position: slowest.checkpoint, head, lag: slowest.lag, lagCapped: slowest.lagCapped },
        projections,
      };
    } catch {
      res.status(503);
      return { status: 'unavailable', live: true, ready: false };
    }
  }
}
