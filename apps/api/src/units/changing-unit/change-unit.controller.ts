import { Body, Param, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Access } from '../../platform/auth/policy.decorator';
import { CommandContext } from '../../platform/commands/command-context';
import { Ctx } from '../../platform/commands/http-command-context';
import { CommandAnswer } from '../../platform/http/api-responses';
import { IdParams } from '../../platform/http/params.dto';
import { CommandAnswerOf } from '../../platform/interceptors/command-response.interceptor';
import { ChangeUnitHandler } from './change-unit.command';
import { MoveUnitDto, RenameUnitDto, SucceedUnitDto } from './change-unit.dto';
import { Routes } from '../../platform/http/routes.decorator';

@Routes('units', 'api/units')
export class ChangeUnitController {
  constructor(private readonly handler: ChangeUnitHandler) {}

  @Post(':id/rename')
  @Access('admin')
  @ApiOperation({ summary: 'Rename a unit (admin)' })
  @CommandAnswer(200)
  async renameUnit(@Param() { id }: IdParams, @Body() dto: RenameUnitDto, @Ctx() ctx: CommandContext): Promise<CommandAnswerOf> {
    return { id, ...(await this.handler.handle(ctx, id, { kind: 'rename', dto })) };
  }

  @Post(':id/move')
  @Access('admin')
  @ApiOperation({ summary: 'Move a unit under another parent; never under itself or a descendant (admin)' })
  @CommandAnswer(200)
  async moveUnit(@Param() { id }: IdParams, @Body() dto: MoveUnitDto, @Ctx() ctx: CommandContext): Promise<CommandAnswerOf> {
    return { id, ...(await this.handler.handle(ctx, id, { kind: 'move', dto })) };
  }

  @Post(':id/succeed')
  @Access('admin')
  @ApiOperation({ summary: "Merge a unit into a successor from a date: the successor's totals then include this unit's history (admin)" })
  @CommandAnswer(200)
  async succeedUnit(@Param() { id }: IdParams, @Body() dto: SucceedUnitDto, @Ctx() ctx: CommandContext): Promise<CommandAnswerOf> {
    return { id, ...(await this.handler.handle(ctx, id, { kind: 'succeed', dto })) };
  }
}
