import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Inject } from '@nestjs/common';
import { Response } from 'express';
import { getUnit, listUnits, READ_MODEL_STORE, ReadModelStore, UnitDoc } from '@app/read-models';
import { Access } from '../auth/policy.decorator';
import { CommandContext, Ctx } from '../commands/command-context';
import { commandResponse } from '../http/command-response';
import { problem } from '../http/problem';
import { FreshnessService } from '../queries/freshness.service';
import { FreshQueryDto } from '../queries/query.dto';
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
  async register(@Body() dto: RegisterUnitDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    return commandResponse(res, dto.id, await this.commands.execute(new RegisterUnitCommand(dto, ctx)));
  }

  @Get()
  @Access('authenticated')
  async list(@Query() q: FreshQueryDto) {
    await this.freshness.ensure(q.minPosition);
    return { items: (await listUnits(this.store)).map(unitView) };
  }

  @Get(':id')
  @Access('authenticated')
  async get(@Param('id') id: string, @Query() q: FreshQueryDto) {
    await this.freshness.ensure(q.minPosition);
    const unit = await getUnit(this.store, id);
    if (!unit) throw problem(404, 'Not found', `Unit ${id} does not exist.`);
    return unitView(unit);
  }
}
