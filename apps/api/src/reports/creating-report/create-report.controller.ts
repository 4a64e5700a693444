import { Body, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { Access, Answer, CommandAnswer, CommandAnswerer, CommandContext, Ctx, Routes } from '../../platform/routing';
import { CreateReport } from './create-report.command';
import { CreateReportDto } from './create-report.dto';

@Routes('reports', 'api/reports')
export class CreateReportController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Access('authenticated')
  @ApiOperation({ summary: 'Create a draft report for a unit and period (reporter of the unit)' })
  @CommandAnswer(201)
  createReport(@Body() dto: CreateReportDto, @Ctx() ctx: CommandContext, @Answer() answer: CommandAnswerer) {
    return answer(this.commands.execute(new CreateReport(ctx, dto)));
  }
}
