import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandAnswer, QueryAnswer } from '../http/api-responses';
import { IdParams } from '../http/params.dto';
import { UnitDto, UnitListDto } from '../http/responses.dto';
import { Inject } from '@nestjs/common';
import { Response } from 'express';
import { getUnit, listUnits, READ_MODEL_STORE, ReadModelStore, UnitDoc } from '@app/read-models';
import { Access } from '../auth/policy.decorator';
import { CommandContext, Ctx } from '../commands/command-context';
import { commandResponse } from '../http/command-response';
import { problem } from '../http/problem';
import { FreshnessService } from '../queries/freshness.service';
import { FreshQueryDto } from '../queries/query.dto';
import { ChangeUnitCommand, MoveUnitDto, RenameUnitDto, SucceedUnitDto, UnitChange } from './change-unit.command';
import { RegisterUnitCommand, RegisterUnitDto } from './register-unit.command';

const unitView = ({ _id, name, kind, parentId }: UnitDoc) => ({ id: _id, name, kind, parentId });

/** Units are reference data: every authenticated caller may read them; only admins register them. */
@ApiTags('units')
@ApiBearerAuth()
@Controller('api/units')
export class UnitsController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly freshness: FreshnessService,
  ) {}

  @Post()
  @Access('admin')
  @ApiOperation({ summary: 'Register a unit (admin)' })
  @CommandAnswer(201)
  async register(@Body() dto: RegisterUnitDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    return commandResponse(res, dto.id, await this.commands.execute(new RegisterUnitCommand(dto, ctx)));
  }

  @Post(':id/rename')
  @HttpCode(200)
  @Access('admin')
  @ApiOperation({ summary: 'Rename a unit (admin)' })
  @CommandAnswer(200)
  rename(@Param() { id }: IdParams, @Body() dto: RenameUnitDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    return this.change(id, { kind: 'rename', dto }, ctx, res);
  }

  @Post(':id/move')
  @HttpCode(200)
  @Access('admin')
  @ApiOperation({ summary: 'Move a unit under another parent; never under itself or a descendant (admin)' })
  @CommandAnswer(200)
  move(@Param() { id }: IdParams, @Body() dto: MoveUnitDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    return this.change(id, { kind: 'move', dto }, ctx, res);
  }

  @Post(':id/succeed')
  @HttpCode(200)
  @Access('admin')
  @ApiOperation({ summary: "Merge a unit into a successor from a date: the successor's totals then include this unit's history (admin)" })
  @CommandAnswer(200)
  succeed(@Param() { id }: IdParams, @Body() dto: SucceedUnitDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    return this.change(id, { kind: 'succeed', dto }, ctx, res);
  }

  @Get()
  @Access('authenticated')
  @ApiOperation({ summary: 'All units (reference data, readable by every authenticated caller)' })
  @QueryAnswer(UnitListDto)
  async list(@Query() q: FreshQueryDto) {
    await this.freshness.ensure(q.minPosition);
    return { items: (await listUnits(this.store)).map(unitView) };
  }

  @Get(':id')
  @Access('authenticated')
  @ApiOperation({ summary: 'One unit' })
  @QueryAnswer(UnitDto)
  async get(@Param() { id }: IdParams, @Query() q: FreshQueryDto) {
    await this.freshness.ensure(q.minPosition);
    const unit = await getUnit(this.store, id);
    if (!unit) throw problem(404, 'Not found', `Unit ${id} does not exist.`);
    return unitView(unit);
  }

  private async change(id: string, change: UnitChange, ctx: CommandContext, res: Response) {
    return commandResponse(res, id, await this.commands.execute(new ChangeUnitCommand(id, change, ctx)));
  }
}
