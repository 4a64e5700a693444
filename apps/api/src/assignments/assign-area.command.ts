import { createHash } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { MAX_YEAR, MIN_YEAR, programStreamId } from '@app/domain';
import { AccessService } from '../auth/access.service';
import { AreaMapService } from '../areas/area-map.service';
import { CommandContext } from '../commands/command-context';
import { CommandResult, CommandRunner } from '../commands/command-runner';
import { ID_MESSAGE, ID_PATTERN } from '../http/ids';
import { problem } from '../http/problem';
import { programDecider } from '../programs/program-decider';
import { IsCalendarDate } from '../http/calendar-date';

/**
 * An assignment lives in its program's stream; its id names the program (`<programId>~<suffix>`,
 * `~` never occurs in a program id) so that ending it finds the stream without a read model.
 */
export const ASSIGNMENT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}~[a-f0-9]{12}$/;

export function programOfAssignment(id: string): string | null {
  return ASSIGNMENT_ID_PATTERN.test(id) ? id.slice(0, id.indexOf('~')) : null;
}

export class AssignAreaDto {
  @ApiProperty({ example: 'daklak-dv-2021' }) @Matches(ID_PATTERN, { message: ID_MESSAGE })
  programId!: string;

  @ApiProperty({ example: 'doan737' }) @Matches(ID_PATTERN, { message: ID_MESSAGE })
  unitId!: string;

  @ApiProperty({ example: 'xa-ia-lop' }) @Matches(ID_PATTERN, { message: ID_MESSAGE })
  areaCode!: string;

  @ApiProperty({ example: 2021 }) @IsInt() @Min(MIN_YEAR) @Max(MAX_YEAR)
  year!: number;

  @ApiPropertyOptional({ example: 'Hội nghị sơ kết 19/01/2021' }) @IsOptional() @IsString() @Length(1, 200)
  decisionRef?: string;

  @ApiPropertyOptional({ example: '2021-01-19' }) @IsOptional() @IsCalendarDate()
  decidedAt?: string;
}

export class AssignAreaCommand {
  constructor(readonly dto: AssignAreaDto, readonly ctx: CommandContext) {}
}

/** Giao địa bàn: the steering unit (its supervisors, or an admin) assigns an area to a unit for a year. */
@CommandHandler(AssignAreaCommand)
export class AssignAreaHandler implements ICommandHandler<AssignAreaCommand, CommandResult & { id: string }> {
  constructor(private readonly runner: CommandRunner, private readonly access: AccessService, private readonly areaMap: AreaMapService) {}

  async execute({ dto, ctx }: AssignAreaCommand): Promise<CommandResult & { id: string }> {
    // Derived from the command id: a retry with the same Idempotency-Key answers the same id.
    const assignmentId = `${dto.programId}~${createHash('sha256').update(`assignment:${ctx.commandId}`).digest('hex').slice(0, 12)}`;
    const result = await this.runner.run({
      streamId: programStreamId(dto.programId),
      decider: programDecider,
      ctx,
      authorize: async (program) => {
        if (program.status === 'none') throw problem(422, 'Unprocessable reference', `Program ${dto.programId} does not exist.`, [{ field: 'programId', message: 'unknown program' }]);
        await this.access.assertProgramManager(ctx.principal, program.steeringUnitId);
        const unknown = [];
        if ((await this.access.unit(dto.unitId)).status === 'none') unknown.push({ field: 'unitId', message: 'unknown unit' });
        const area = (await this.areaMap.state()).areas[dto.areaCode];
        if (!area) unknown.push({ field: 'areaCode', message: 'unknown area' });
        else if (area.status !== 'active') unknown.push({ field: 'areaCode', message: `was retired; its successor is ${area.successorCode}` });
        if (unknown.length) throw problem(422, 'Unprocessable reference', 'Some references do not exist.', unknown);
      },
      command: () => ({
        type: 'AssignArea' as const,
        data: { assignmentId, unitId: dto.unitId, areaCode: dto.areaCode, year: dto.year, decisionRef: dto.decisionRef ?? null, decidedAt: dto.decidedAt ?? null },
      }),
      // Assignments of one program contend on its stream; deciding again is safe.
      retries: ctx.ifMatch === null ? 5 : 0,
    });
    return { id: assignmentId, ...result };
  }
}
