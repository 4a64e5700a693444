import { createHash } from 'node:crypto';
import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

/**
 * An assignment lives in its program's stream; its id names the program (`<programId>~<suffix>`,
 * `~` never occurs in a program id) so that ending it finds the stream without a read model.
 */
export const ASSIGNMENT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}~[a-f0-9]{12}$/;

/** Derived from the command id: a retry with the same Idempotency-Key answers the same id. */
export function assignmentIdFor(programId: string, commandId: string): string {
  return `${programId}~${createHash('sha256').update(`assignment:${commandId}`).digest('hex').slice(0, 12)}`;
}

/** The program whose stream holds the assignment (the pattern is checked by the route's params). */
export function programOfAssignment(id: string): string {
  return id.slice(0, id.indexOf('~'));
}

export class AssignmentIdParams {
  @ApiProperty({ example: 'daklak-dv-2021~3f2a9c1d0b7e' }) @Matches(ASSIGNMENT_ID_PATTERN, { message: 'must be an assignment id this API issued' })
  id!: string;
}
