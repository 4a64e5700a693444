import { Body, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Access } from '../../platform/auth/policy.decorator';
import { CommandContext } from '../../platform/commands/command-context';
import { Ctx } from '../../platform/commands/http-command-context';
import { CommandAnswer } from '../../platform/http/api-responses';
import { CommandAnswerOf } from '../../platform/interceptors/command-response.interceptor';
import { CreateReportHandler } from './create-report.command';
import { CreateReportDto } from './create-report.dto';
import { Routes } from '../../platform/http/routes.decorator';

@Routes('reports', 'api/reports')
export class CreateReportController {
  constructor(private readonly handler: CreateReportHandler) {}

  @Post()
  @Access('authenticated')
  @ApiOperation({ summary: 'Create a draft report for a unit and period (reporter of the unit)' })
  @CommandAnswer(201)
  createReport(@Body() dto: CreateReportDto, @Ctx() ctx: CommandContext): Promise<CommandAnswerOf> {
    return this.handler.handle(ctx, dto);
  }
}
