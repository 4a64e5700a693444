import { Get, Headers, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOperation, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access } from '../../platform/auth/policy.decorator';
import { ProblemDto } from '../../platform/http/responses.dto';
import { Routes } from '../../platform/http/routes.decorator';
import { LogVerification } from './log-verification';

export class BrokenLinkDto {
  @ApiProperty({ description: 'The first position whose chain hash does not check out', pattern: '^[0-9a-f]{16}$' }) position!: string;
  @ApiProperty() reason!: string;
}

export class LogVerificationDto {
  @ApiProperty({ description: 'Events whose chain hash checked out, from the start of the log up to the first break' }) verified!: number;
  @ApiProperty({ description: "The log's last position when the walk began; the walk covers the log up to there", pattern: '^[0-9a-f]{16}$' }) head!: string;
  @ApiPropertyOptional({ type: BrokenLinkDto, nullable: true, description: 'null when the whole log verifies' }) firstBroken!: BrokenLinkDto | null;
  @ApiProperty({ description: 'How long the walk took' }) seconds!: number;
}

const NDJSON = 'application/x-ndjson';

@Routes('audit', 'api')
@ApiExtraModels(LogVerificationDto)
export class VerifyLogController {
  constructor(private readonly verification: LogVerification) {}

  @Get('audit/verify')
  @Access('auditor-or-admin')
  @ApiOperation({
    summary: "Walks the event log and checks every event's chain hash (a single changed byte is detected)",
    description:
      `Answers \`{verified, head, firstBroken, seconds}\` once the walk ends (200 also when the log is broken: the answer says where). ` +
      `With \`Accept: ${NDJSON}\`, streams one progress line \`{"verified","head"}\` about every second and the result as the last line. ` +
      'One walk at a time (429 with Retry-After while one runs); the embedded store only (501 on EventStoreDB).',
  })
  @ApiResponse({
    status: 200,
    description: 'The walk ended',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(LogVerificationDto) } },
      [NDJSON]: { schema: { type: 'string', description: 'progress lines, then the result as the last line' } },
    },
  })
  @ApiResponse({
    status: 501,
    description: 'The configured event store keeps no chain hashes (EventStoreDB)',
    content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } },
  })
  async verifyLog(@Headers('accept') accept: string | undefined, @Res() res: Response): Promise<void> {
    const streaming = (accept ?? '').toLowerCase().includes(NDJSON);
    let closed = false;
    res.on('close', () => (closed = true));
    const write = (value: object) => res.write(`${JSON.stringify(value)}\n`);
    // Errors before the first byte (501, 429) go to the problem filter as any other.
    const report = await this.verification.run(
      (progress) => {
        if (!streaming) return;
        if (!res.headersSent) res.status(200).type(NDJSON).setHeader('Cache-Control', 'no-store');
        write(progress);
      },
      () => closed,
    );
    if (report === null) return; // the client went away
    if (streaming) {
      if (!res.headersSent) res.status(200).type(NDJSON).setHeader('Cache-Control', 'no-store');
      write(report);
      res.end();
    } else {
      res.status(200).setHeader('Cache-Control', 'no-store');
      res.json(report);
    }
  }
}
