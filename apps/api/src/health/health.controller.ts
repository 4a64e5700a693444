import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { HealthDto, UnavailableHealthDto } from '../platform/http/responses.dto';
import { Response } from 'express';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { LEDGER_SUBSCRIPTION, READ_MODEL_STORE, ReadModelStore } from '@app/read-models';
import { Access } from '../platform/auth/policy.decorator';

// Lag is counted by reading the log past the checkpoint; the cap bounds what one probe costs
// (an orchestrator polls this every few seconds). Past it, `lagCapped` says "at least".
const LAG_CAP = 1_000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
  ) {}

  /** Live when the process answers; ready when both stores answer; lag in events (capped). */
  @Get()
  @Access('public')
  @ApiOperation({ summary: 'Liveness, readiness and projection lag' })
  @ApiResponse({ status: 200, description: 'Live and ready', type: HealthDto })
  @ApiResponse({ status: 503, description: 'Live, but a store does not answer', type: UnavailableHealthDto })
  async health(@Res({ passthrough: true }) res: Response) {
    try {
      // A remote event store known to be down: not ready, without waiting for a call to time out.
      if (this.events.availability?.().available === false) throw new Error('event store unavailable');
      const [head, checkpoint] = await Promise.all([this.events.headPosition(), this.readModels.getCheckpoint(LEDGER_SUBSCRIPTION)]);
      const behind = await this.events.readAll({ after: checkpoint, limit: LAG_CAP });
      return {
        status: 'ok',
        live: true,
        ready: true,
        projection: { name: LEDGER_SUBSCRIPTION, position: checkpoint, head, lag: behind.length, lagCapped: behind.length === LAG_CAP },
      };
    } catch {
      res.status(503);
      return { status: 'unavailable', live: true, ready: false };
    }
  }
}
