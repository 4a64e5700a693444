import { Body, Controller, Get, Inject, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandAnswer, QueryAnswer } from '../http/api-responses';
import { IndicatorListDto } from '../http/responses.dto';
import { Response } from 'express';
import { listIndicators, READ_MODEL_STORE, ReadModelStore } from '@app/read-models';
import { Access } from '../auth/policy.decorator';
import { CommandContext, Ctx } from '../commands/command-context';
import { commandResponse } from '../http/command-response';
import { FreshnessService } from '../queries/freshness.service';
import { FreshQueryDto } from '../queries/query.dto';
import { DefineIndicatorCommand, DefineIndicatorDto } from './define-indicator.command';

/** The indicator catalogue is data: added through the API, each with its unit, aggregation and scale. */
@ApiTags('indicators')
@ApiBearerAuth()
@Controller('api/indicators')
export class IndicatorsController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly freshness: FreshnessService,
  ) {}

  @Post()
  @Access('admin')
  @ApiOperation({ summary: 'Define an indicator (admin)' })
  @CommandAnswer(201)
  async define(@Body() dto: DefineIndicatorDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    return commandResponse(res, dto.code, await this.commands.execute(new DefineIndicatorCommand(dto, ctx)));
  }

  @Get()
  @Access('authenticated')
  @ApiOperation({ summary: 'The indicator catalogue' })
  @QueryAnswer(IndicatorListDto)
  async list(@Query() q: FreshQueryDto) {
    await this.freshness.ensure(q.minPosition);
    const items = await listIndicators(this.store);
    return { items: items.map(({ _id, name, unit, aggregation, scale }) => ({ code: _id, name, unit, aggregation, scale })) };
  }
}
