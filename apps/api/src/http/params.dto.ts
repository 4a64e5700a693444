import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { ASSIGNMENT_ID_PATTERN } from '../assignments/assign-area.command';
import { ID_MESSAGE, ID_PATTERN } from './ids';

/** Path parameters are validated like any other input (and so documented exactly). */
export class IdParams {
  @ApiProperty({ description: 'A unit, report or program id' }) @Matches(ID_PATTERN, { message: ID_MESSAGE })
  id!: string;
}

export class CodeParams {
  @ApiProperty({ description: 'An area code' }) @Matches(ID_PATTERN, { message: ID_MESSAGE })
  code!: string;
}

export class AssignmentIdParams {
  @ApiProperty({ example: 'daklak-dv-2021~3f2a9c1d0b7e' }) @Matches(ASSIGNMENT_ID_PATTERN, { message: 'must be an assignment id this API issued' })
  id!: string;
}
