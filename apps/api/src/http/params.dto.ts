import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { PERIOD_MESSAGE, PERIOD_PATTERN } from '../reports/creating-report/create-report.command';
import { ID_MESSAGE, ID_PATTERN } from './ids';

/** Path parameters are validated like any other input (and so documented exactly). */
export class IdParams {
  @ApiProperty({ description: 'A unit, report or program id' }) @Matches(ID_PATTERN, { message: ID_MESSAGE })
  id!: string;
}

export class PeriodParams {
  @ApiProperty({ example: '2021-H1' }) @Matches(PERIOD_PATTERN, { message: PERIOD_MESSAGE })
  period!: string;
}
