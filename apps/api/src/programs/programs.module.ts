import { Module } from '@nestjs/common';
import { ChangeProgramHandler } from './changing-program/change-program.command';
import { ChangeProgramController } from './changing-program/change-program.controller';
import { CreateProgramHandler } from './creating-program/create-program.command';
import { CreateProgramController } from './creating-program/create-program.controller';
import { ProgramsController } from './reading-programs/programs.controller';
import { ProgramsQuery } from './reading-programs/programs.query';

const commandHandlers = [CreateProgramHandler, ChangeProgramHandler];

@Module({
  controllers: [CreateProgramController, ChangeProgramController, ProgramsController],
  providers: [...commandHandlers, ProgramsQuery],
  exports: commandHandlers,
})
export class ProgramsModule {}
