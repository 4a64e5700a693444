import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, Length, Matches, ValidateNested,
  registerDecorator, ValidationOptions,
} from 'class-validator';
import { AreaFacts, areasAssignedTo, ExistingReport, reportStreamId } from '@app/domain';
import { AccessService } from '../../auth/access.service';
import { CommandContext } from '../../commands/command-context';
import { CommandResult, CommandRunner } from '../../commands/command-runner';
import { CODE_MESSAGE, CODE_PATTERN, ID_MESSAGE, ID_PATTERN } from '../../http/ids';
import { problem } from '../../http/problem';
import { AreaMapService } from '../../areas/area-map.service';
import { IndicatorCatalog } from '../../indicators/indicator-catalog';
import { reportDecider } from '../report-decider';

/** Decimal strings as the domain parses them, untrimmed (the spec's pattern says so too). */
const DECIMAL_STRING = /^\d{1,24}(\.\d{1,24})?$/;

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
          value === null ||
          (typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= Number.MAX_SAFE_INTEGER) ||
          (typeof value === 'string' && DECIMAL_STRING.test(value)),
      },
    });
}

export class FigureDto {
  @ApiProperty({ example: 'rural_road_km' }) @Matches(CODE_PATTERN, { message: CODE_MESSAGE })
  indicator!: string;

  @ApiProperty({
    oneOf: [{ type: 'number', minimum: 0, maximum: Number.MAX_SAFE_INTEGER }, { type: 'string', pattern: DECIMAL_STRING.source }],
    nullable: true,
    example: '110.5',
    description: "At most the indicator's scale of decimal places (400 otherwise); null removes the figure",
  })
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
    private readonly areaMap: AreaMapService,
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
      command: async (state) => ({
        type: 'SetFigures' as const,
        data: { reportId, figures: dto.figures, reason: dto.reason ?? null },
        scales: await this.catalog.scales(dto.figures.map((f) => f.indicator)),
        areas: await this.areaFacts(state as ExistingReport, dto.figures.flatMap((f) => (f.areaCode ? [f.areaCode] : []))),
        actor: ctx.principal.sub,
        at: ctx.now,
      }),
    });
  }

  /**
   * The area codes the figures name that exist in the boundary map (retired ones too: a 2021
   * report speaks of 2021's communes), and, under a program, the ones assigned to the unit for
   * the report's period, read from the program's stream.
   */
  private async areaFacts(report: ExistingReport, codes: string[]): Promise<AreaFacts | undefined> {
    if (codes.length === 0) return undefined;
    const map = await this.areaMap.state();
    const known = codes.filter((c) => map.areas[c]);
    if (!report.programId) return { known, assigned: null };
    const program = await this.access.program(report.programId);
    return { known, assigned: program.status === 'none' ? [] : areasAssignedTo(program, report.unitId, report.period) };
  }
}
