import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { Response } from 'express';
import { Access } from '../auth/policy.decorator';
import { HealthDto, LiveDto, ReadinessDto, UnavailableHealthDto } from '../http/responses.dto';
import { HealthService } from './health.service';

// Lag is counted by reading the log past each distinct checkpoint; the cap bounds what one call
// costs. Past it, `lagCapped` says "at least". Orchestrators poll /health/live and /health/ready,
// which read nothing; this route is the detailed view and stays under the rate limit.
const LAG_CAP = 1_000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly service: HealthService) {}

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
      const { head, projections } = await this.service.projectionStates(LAG_CAP);
      const slowest = HealthService.slowest(projections);
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

  /** The process answers. No store is touched; never rate limited. */
  @Get('live')
  @Access('public')
  @SkipThrottle()
  @ApiOperation({ summary: 'Liveness: the process answers (no store is read; not rate limited)' })
  @ApiResponse({ status: 200, description: 'Live', type: LiveDto })
  live(): LiveDto {
    return { status: 'live' };
  }

  /**
   * Ready to serve: the event store is available, and every projection has no parked event, is
   * within READY_MAX_LAG events of the log and not stalled for READY_MAX_STALL_SECONDS (else 503
   * `degraded`, naming the projection, the position and the error). Answered from the last
   * background read of the projection states, so a probe reads no event; never rate limited.
   */
  @Get('ready')
  @Access('public')
  @SkipThrottle()
  @ApiOperation({ summary: 'Readiness: event store available, no parked event, projections within the lag bound and not stalled (reads no event; not rate limited)' })
  @ApiResponse({ status: 200, description: 'Ready', type: ReadinessDto })
  @ApiResponse({ status: 503, description: 'Degraded or not ready, with the reasons', type: ReadinessDto })
  ready(@Res({ passthrough: true }) res: Response): ReadinessDto {
    const readiness = this.service.readiness();
    if (!readiness.ready) res.status(503);
    return readiness;
  }
}
