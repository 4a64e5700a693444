import { createHash } from 'node:crypto';
import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { ID_MESSAGE, ID_PATTERN } from '@app/domain';

/** A review conference's id, generated when it is recorded. */
export const REVIEW_ID_PATTERN = /^rv-[a-f0-9]{12}$/;

/** Derived from the command id: a retry with the same Idempotency-Key answers the same review. */
export function reviewIdFor(commandId: string): string {
  return `rv-${createHash('sha256').update(`review:${commandId}`).digest('hex').slice(0, 12)}`;
}

export class ReviewParams {
  @ApiProperty({ description: 'A program id' }) @Matches(ID_PATTERN, { message: ID_MESSAGE })
  id!: string;

  @ApiProperty({ example: 'rv-3f2a9c1d0b7e' }) @Matches(REVIEW_ID_PATTERN, { message: 'must be a review id this API issued' })
  reviewId!: string;
}
