import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';
import { Aggregation, AGGREGATIONS, decideIndicator, evolveIndicator, indicatorStreamId, initialIndicatorState, MAX_SCALE } from '@app/domain';
import { CommandContext } from '../commands/command-context';
import { CommandResult, CommandRunner } from '../commands/command-runner';
import { CODE_MESSAGE, CODE_PATTERN } from '../http/ids';

export class DefineIndicatorDto {
  @ApiProperty({ example: 'rural_road_km' }) @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  code!: string;

  @ApiProperty({ example: 'km đường giao thông nông thôn' }) @IsString() @Length(1, 200)
  name!: string;

  @ApiProperty({ example: 'km' }) @IsString() @Length(1, 50)
  unit!: string;

  @ApiProperty({ enum: AGGREGATIONS }) @IsIn(AGGREGATIONS)
  aggregation!: Aggregation;

  @ApiProperty({ minimum: 0, maximum: MAX_SCALE, example: 1 }) @IsInt() @Min(0) @Max(MAX_SCALE)
  scale!: number;
}

export class DefineIndicatorCommand {
  constructor(readonly dto: DefineIndicatorDto, readonly ctx: CommandContext) {}
}

@CommandHandler(DefineIndicatorCommand)
export class DefineIndicatorHandler implements ICommandHandler<DefineIndicatorCommand, CommandResult> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ dto, ctx }: DefineIndicatorCommand): Promise<CommandResult> {
    return this.runner.run({
      streamId: indicatorStreamId(dto.code),
      decider: { decide: decideIndicator, evolve: evolveIndicator, initialState: initialIndicatorState },
      ctx,
      command: () => ({ type: 'DefineIndicator' as const, data: { ...dto } }),
    });
  }
}
