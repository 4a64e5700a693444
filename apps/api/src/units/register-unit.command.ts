import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { decideUnit, evolveUnit, initialUnitState, unitStreamId } from '@app/domain';
import { AccessService } from '../auth/access.service';
import { CommandContext } from '../commands/command-context';
import { CommandResult, CommandRunner } from '../commands/command-runner';
import { problem } from '../http/problem';
import { ID_MESSAGE, ID_PATTERN } from '../http/ids';

export class RegisterUnitDto {
  @ApiProperty({ example: 'td66' }) @Matches(ID_PATTERN, { message: ID_MESSAGE })
  id!: string;

  @ApiProperty({ example: 'Trung đoàn 66' }) @IsString() @Length(1, 200)
  name!: string;

  @ApiProperty({ example: 'regiment' }) @IsString() @Length(1, 50)
  kind!: string;

  @ApiPropertyOptional({ example: 'daklak-bcd' }) @IsOptional() @Matches(ID_PATTERN, { message: ID_MESSAGE })
  parentId?: string;
}

export class RegisterUnitCommand {
  constructor(readonly dto: RegisterUnitDto, readonly ctx: CommandContext) {}
}

@CommandHandler(RegisterUnitCommand)
export class RegisterUnitHandler implements ICommandHandler<RegisterUnitCommand, CommandResult> {
  constructor(private readonly runner: CommandRunner, private readonly access: AccessService) {}

  async execute({ dto, ctx }: RegisterUnitCommand): Promise<CommandResult> {
    if (dto.parentId && (await this.access.unit(dto.parentId)).status === 'none') {
      throw problem(422, 'Unprocessable reference', `Parent unit ${dto.parentId} does not exist.`, [{ field: 'parentId', message: 'unknown unit' }]);
    }
    return this.runner.run({
      streamId: unitStreamId(dto.id),
      decider: { decide: decideUnit, evolve: evolveUnit, initialState: initialUnitState },
      ctx,
      command: () => ({ type: 'RegisterUnit' as const, data: { unitId: dto.id, name: dto.name, kind: dto.kind, parentId: dto.parentId ?? null } }),
    });
  }
}
