import { Body, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { Access, Answer, CommandAnswer, CommandAnswerer, CommandContext, Ctx, Routes } from '../../platform/routing';
import { CreateProgram } from './create-program.command';
import { CreateProgramDto } from './create-program.dto';

@Routes('programs', 'api/programs')
export class CreateProgramController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Access('admin')
  @ApiOperation({ summary: 'Create a program: parties, steering unit, phase and reporting calendar (admin)' })
  @CommandAnswer(201)
  createProgram(@Body() dto: CreateProgramDto, @Ctx() ctx: CommandContext, @Answer() answer: CommandAnswerer) {
    return answer(this.commands.execute(new CreateProgram(ctx, dto)));
  }
}
