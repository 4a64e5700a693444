import { Body, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { Access, Answer, CommandAnswer, CommandAnswerer, CommandContext, Ctx, Routes } from '../../platform/routing';
import { RegisterUnit } from './register-unit.command';
import { RegisterUnitDto } from './register-unit.dto';

@Routes('units', 'api/units')
export class RegisterUnitController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Access('admin')
  @ApiOperation({ summary: 'Register a unit (admin)' })
  @CommandAnswer(201)
  registerUnit(@Body() dto: RegisterUnitDto, @Ctx() ctx: CommandContext, @Answer() answer: CommandAnswerer) {
    return answer(this.commands.execute(new RegisterUnit(ctx, dto)));
  }
}
