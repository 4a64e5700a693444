import { Body, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Access } from '../../platform/auth/policy.decorator';
import { CommandContext } from '../../platform/commands/command-context';
import { Ctx } from '../../platform/commands/http-command-context';
import { CommandAnswer } from '../../platform/http/api-responses';
import { CommandAnswerOf } from '../../platform/interceptors/command-response.interceptor';
import { CreateProgramHandler } from './create-program.command';
import { CreateProgramDto } from './create-program.dto';
import { Routes } from '../../platform/http/routes.decorator';

@Routes('programs', 'api/programs')
export class CreateProgramController {
  constructor(private readonly handler: CreateProgramHandler) {}

  @Post()
  @Access('admin')
  @ApiOperation({ summary: 'Create a program: parties, steering unit, phase and reporting calendar (admin)' })
  @CommandAnswer(201)
  async createProgram(@Body() dto: CreateProgramDto, @Ctx() ctx: CommandContext): Promise<CommandAnswerOf> {
    return { id: dto.id, ...(await this.handler.handle(ctx, dto)) };
  }
}
