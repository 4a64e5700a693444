import { decideProgram, evolveProgram, initialProgramState } from '@app/domain';

export const programDecider = { decide: decideProgram, evolve: evolveProgram, initialState: initialProgramState };
