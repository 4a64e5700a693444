import { Body, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Access } from '../../platform/auth/policy.decorator';
import { CommandContext } from '../../platform/commands/command-context';
import { Ctx } from '../../platform/commands/http-command-context';
import { CommandAnswer } from '../../platform/http/api-responses';
import { CommandAnswerOf } from '../../platform/interceptors/command-response.interceptor';
import { RegisterUnitHandler } from './register-unit.command';
import { RegisterUnitDto } from './register-unit.dto';
import { Routes } from '../../platform/http/routes.decorator';

@Routes('units', 'api/units')
export class RegisterUnitController {
  constructor(private readonly handler: RegisterUnitHandler) {}

  @Post()
  @Access('admin')
  @ApiOperation({ summary: 'Register a unit (admin)' })
  @CommandAnswer(201)
  async registerUnit(@Body() dto: RegisterUnitDto, @Ctx() ctx: CommandContext): Promise<CommandAnswerOf> {
    return { id: dto.id, ...(await this.handler.handle(ctx, dto)) };
  }
}
