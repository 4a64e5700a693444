import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { ID_MESSAGE, ID_PATTERN } from '@app/domain';

/** Path parameters are validated like any other input (and so documented exactly). */
export class IdParams {
  @ApiProperty({ description: 'A unit, report or program id' }) @Matches(ID_PATTERN, { message: ID_MESSAGE })
  id!: string;
}

export class CodeParams {
  @ApiProperty({ description: 'An area code' }) @Matches(ID_PATTERN, { message: ID_MESSAGE })
  code!: string;
}
