import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/policy.decorator';
import { SecurityMetrics } from '../auth/security-metrics';
import { MetricsDto } from './responses.dto';

@ApiTags('health')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly security: SecurityMetrics) {}

  /** Who watches for attacks reads this: auditors and admins, not the public. */
  @Get()
  @Access('auditor-or-admin')
  @ApiOperation({ summary: 'Denied requests by reason and responses by status class, since the process started' })
  @ApiOkResponse({ type: MetricsDto })
  metrics(): MetricsDto {
    return this.security.snapshot();
  }
}
