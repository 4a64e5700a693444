import { Module } from '@nestjs/common';
import { ChangeProgramHandler } from './changing-program/change-program.command';
import { ChangeProgramController } from './changing-program/change-program.controller';
import { CreateProgramHandler } from './creating-program/create-program.command';
import { CreateProgramController } from './creating-program/create-program.controller';
import { ProgramsController } from './reading-programs/programs.controller';
import { GetCompletenessHandler, GetProgramHandler, ListProgramsHandler } from './reading-programs/programs.query';

const controllers = [CreateProgramController, ChangeProgramController, ProgramsController];
const commandHandlers = [CreateProgramHandler, ChangeProgramHandler];
const queryHandlers = [ListProgramsHandler, GetProgramHandler, GetCompletenessHandler];

@Module({ controllers, providers: [...commandHandlers, ...queryHandlers] })
export class ProgramsModule {}
