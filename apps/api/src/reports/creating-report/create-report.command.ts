import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import {
  assertUnitMayReport, checkReportFitsProgram, decideReportBook, evolveReportBook, initialReportBookState, reportBookStreamId, reportStreamId,
} from '@app/domain';
import { uuidV5 } from '@app/shared';
import { AccessService } from '../../auth/access.service';
import { CommandContext } from '../../commands/command-context';
import { CommandResult, CommandRunner } from '../../commands/command-runner';
import { ID_MESSAGE, ID_PATTERN } from '../../http/ids';
import { problem } from '../../http/problem';
import { reportDecider } from '../report-decider';

/** Years the domain accepts (MIN_YEAR..MAX_YEAR, 1945-2100): a year outside reached the deciders and failed there with a 500. */
export const YEAR_PATTERN = '(194[5-9]|19[5-9]\\d|20\\d\\d|2100)';
export const PERIOD_PATTERN = new RegExp(`^${YEAR_PATTERN}(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$`);
export const PERIOD_MESSAGE = 'must be a period key from 1945 to 2100: 2021, 2021-H1, 2021-Q3 or 2021-07';

export class CreateReportDto {
  @ApiPropertyOptional({ description: 'Client-chosen id; generated when absent' }) @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE })
  id?: string;

  @ApiProperty({ example: 'daklak-bchqs' }) @Matches(ID_PATTERN, { message: ID_MESSAGE })
  unitId!: string;

  @ApiProperty({ example: '2021-H1' }) @Matches(PERIOD_PATTERN, { message: PERIOD_MESSAGE })
  period!: string;

  @ApiPropertyOptional({ example: 'daklak-dv-2021' }) @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE })
  programId?: string;
}

export class CreateReportCommand {
  constructor(readonly dto: CreateReportDto, readonly ctx: CommandContext) {}
}

/**
 * Two appends: first the period claim in the unit's report book (where racing creations contend
 * and exactly one wins), then the report stream. Both carry ids derived from the command, so a
 * retry after a crash between them finds its own claim and completes the creation.
 */
@CommandHandler(CreateReportCommand)
export class CreateReportHandler implements ICommandHandler<CreateReportCommand, CommandResult & { id: string }> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly access: AccessService,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  async execute({ dto, ctx }: CreateReportCommand): Promise<CommandResult & { id: string }> {
    this.access.assertReporter(ctx.principal, dto.unitId);
    const unit = await this.access.unit(dto.unitId);
    if (unit.status === 'none') {
      throw problem(422, 'Unprocessable reference', `Unit ${dto.unitId} does not exist.`, [{ field: 'unitId', message: 'unknown unit' }]);
    }
    assertUnitMayReport(unit, dto.period);
    // A report under a program fits it: the program exists and is open, the year is in its
    // phase, the period type in its calendar (422 / 409 otherwise).
    if (dto.programId) checkReportFitsProgram(await this.access.program(dto.programId), dto.period);
    const reportId = dto.id ?? uuidV5(`report:${ctx.commandId}`);
    const data = { reportId, unitId: dto.unitId, programId: dto.programId ?? null, period: dto.period };

    // An existing stream skips the claim: the runner below then replays an earlier answer to
    // this same request, or refuses a duplicate id with 409.
    const exists = (await this.events.readStream(reportStreamId(reportId))).length > 0;
    if (!exists) {
      await this.runner.run({
        streamId: reportBookStreamId(dto.unitId, data.programId, dto.period),
        decider: { decide: decideReportBook, evolve: evolveReportBook, initialState: initialReportBookState },
        ctx: { ...ctx, ifMatch: null },
        command: () => ({ type: 'ClaimReportPeriod' as const, data }),
        retries: 5,
      });
    }
    const result = await this.runner.run({
      streamId: reportStreamId(reportId),
      decider: reportDecider,
      ctx,
      command: () => ({ type: 'CreateReport' as const, data, actor: ctx.principal.sub, at: ctx.now }),
    });
    return { id: reportId, ...result };
  }
}
