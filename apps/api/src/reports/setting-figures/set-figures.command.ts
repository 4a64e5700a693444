import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, Length, Matches, ValidateNested,
  registerDecorator, ValidationOptions,
} from 'class-validator';
import { reportStreamId } from '@app/domain';
import { AccessService } from '../../auth/access.service';
import { CommandContext } from '../../commands/command-context';
import { CommandResult, CommandRunner } from '../../commands/command-runner';
import { CODE_MESSAGE, CODE_PATTERN, ID_MESSAGE, ID_PATTERN } from '../../http/ids';
import { problem } from '../../http/problem';
import { IndicatorCatalog } from '../../indicators/indicator-catalog';
import { reportDecider } from '../report-decider';

/** A JSON number, a decimal string, or null (which removes the figure); the scale is checked by the domain. */
function IsFigureValue(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isFigureValue',
      target: target.constructor,
      propertyName,
      options: { message: 'must be a non-negative decimal (number or string) or null', ...options },
      validator: {
        validate: (value: unknown) =>
          value === null || (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value.length <= 40),
      },
    });
}

export class FigureDto {
  @ApiProperty({ example: 'rural_road_km' }) @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  indicator!: string;

  @ApiProperty({ oneOf: [{ type: 'number' }, { type: 'string', pattern: '^\\d+(\\.\\d+)?$' }], nullable: true, example: '110.5' })
  @IsFigureValue()
  value!: number | string | null;

  @ApiPropertyOptional({ example: 'ia-lop' }) @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE })
  areaCode?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 1000)
  note?: string;
}

export class SetFiguresDto {
  @ApiProperty({ type: [FigureDto] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500)
  @ValidateNested({ each: true }) @Type(() => FigureDto)
  figures!: FigureDto[];

  @ApiPropertyOptional({ description: 'Required once the report has been submitted' }) @IsOptional() @IsString() @Length(1, 2000)
  reason?: string;
}

export class SetFiguresCommand {
  constructor(readonly reportId: string, readonly dto: SetFiguresDto, readonly ctx: CommandContext) {}
}

@CommandHandler(SetFiguresCommand)
export class SetFiguresHandler implements ICommandHandler<SetFiguresCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly access: AccessService,
    private readonly catalog: IndicatorCatalog,
  ) {}

  execute({ reportId, dto, ctx }: SetFiguresCommand): Promise<CommandResult> {
    // `value` must be present: class-validator skips a missing property that allows null.
    const missing = dto.figures.flatMap((f, i) => (f.value === undefined ? [{ field: `figures[${i}].value`, message: 'is required' }] : []));
    if (missing.length) throw problem(400, 'Invalid input', 'Every figure needs a value (null removes it).', missing);
    return this.runner.run({
      streamId: reportStreamId(reportId),
      decider: reportDecider,
      ctx,
      authorize: (state) => {
        if (state.status === 'none') throw problem(404, 'Not found', `Report ${reportId} does not exist.`);
        this.access.assertReporter(ctx.principal, state.unitId);
      },
      command: async () => ({
        type: 'SetFigures' as const,
        data: { reportId, figures: dto.figures, reason: dto.reason ?? null },
        scales: await this.catalog.scales(dto.figures.map((f) => f.indicator)),
        actor: ctx.principal.sub,
        at: ctx.now,
      }),
    });
  }
}
