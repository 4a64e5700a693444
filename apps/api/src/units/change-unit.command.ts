import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { decideUnit, evolveUnit, initialUnitState, UnitCommand, unitStreamId } from '@app/domain';
import { AccessService } from '../auth/access.service';
import { CommandContext } from '../commands/command-context';
import { CommandResult, CommandRunner } from '../commands/command-runner';
import { ID_MESSAGE, ID_PATTERN } from '../http/ids';
import { problem } from '../http/problem';
import { IsCalendarDate } from '../http/calendar-date';

export class RenameUnitDto {
  @ApiProperty({ example: 'Bộ Chỉ huy Quân sự tỉnh Đắk Lắk' }) @IsString() @Length(1, 200)
  name!: string;
}

export class MoveUnitDto {
  @ApiProperty({ example: 'daklak-bcd' }) @Matches(ID_PATTERN, { message: ID_MESSAGE })
  parentId!: string;
}

export class SucceedUnitDto {
  @ApiProperty({ example: 'daklak-bchqs', description: 'The unit this one is merged into; its history then includes this one' })
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  successorId!: string;

  @ApiProperty({ example: '2025-07-01' }) @IsCalendarDate()
  effectiveFrom!: string;

  @ApiProperty({ example: 'Hợp nhất theo Nghị quyết 60-NQ/TW' }) @IsString() @Length(1, 2000)
  reason!: string;
}

export type UnitChange = { kind: 'rename'; dto: RenameUnitDto } | { kind: 'move'; dto: MoveUnitDto } | { kind: 'succeed'; dto: SucceedUnitDto };

export class ChangeUnitCommand {
  constructor(readonly unitId: string, readonly change: UnitChange, readonly ctx: CommandContext) {}
}

/** Rename, move under another parent (never under itself or a descendant), or merge into a successor. */
@CommandHandler(ChangeUnitCommand)
export class ChangeUnitHandler implements ICommandHandler<ChangeUnitCommand, CommandResult> {
  constructor(private readonly runner: CommandRunner, private readonly access: AccessService) {}

  execute({ unitId, change, ctx }: ChangeUnitCommand): Promise<CommandResult> {
    return this.runner.run({
      streamId: unitStreamId(unitId),
      decider: { decide: decideUnit, evolve: evolveUnit, initialState: initialUnitState },
      ctx,
      authorize: (state) => {
        if (state.status === 'none') throw problem(404, 'Not found', `Unit ${unitId} does not exist.`);
      },
      command: async (): Promise<UnitCommand> => {
        switch (change.kind) {
          case 'rename':
            return { type: 'RenameUnit', data: { unitId, name: change.dto.name } };
          case 'move': {
            const parentLineage = await this.access.lineage(change.dto.parentId);
            if (parentLineage.length === 0) throw problem(422, 'Unprocessable reference', `Unit ${change.dto.parentId} does not exist.`, [{ field: 'parentId', message: 'unknown unit' }]);
            return { type: 'MoveUnit', data: { unitId, parentId: change.dto.parentId }, parentLineage };
          }
          case 'succeed': {
            const successor = await this.access.unit(change.dto.successorId);
            if (successor.status === 'none') throw problem(422, 'Unprocessable reference', `Unit ${change.dto.successorId} does not exist.`, [{ field: 'successorId', message: 'unknown unit' }]);
            return { type: 'SucceedUnit', data: { unitId, ...change.dto }, successorStatus: successor.status };
          }
        }
      },
    });
  }
}
