import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { forbidden, invalid } from '@app/domain';
import { Principal } from '../platform/auth/principal';

/** RFC 3339 date-times, so that every accepted value is an instant. */
const INSTANT = /^[1-9]\d{3}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/**
 * Entering a paper report after the fact: the act's real date (`occurredAt`), why it is entered
 * now, and whom the paper names. Only an admin may back-date an act; the events keep both dates.
 */
export class BackEntryDto {
  @ApiPropertyOptional({ example: '2021-01-19T08:00:00+07:00', description: 'Back-entry of a paper report (admin): when this really happened; timeliness uses it' })
  @IsOptional() @Matches(INSTANT, { message: 'must be an RFC 3339 date-time such as 2021-01-19T08:00:00+07:00' })
  occurredAt?: string;

  @ApiPropertyOptional({ example: 'Nhập báo cáo giấy: Hội nghị sơ kết 19/01/2021', description: 'Required with occurredAt' })
  @IsOptional() @IsString() @Length(1, 2000)
  backEntryReason?: string;

  @ApiPropertyOptional({ example: "H'Kim Hoa Byă", description: 'With occurredAt: the person the paper names as having done it' })
  @IsOptional() @IsString() @Length(1, 200)
  onBehalfOf?: string;
}

export interface BackEntry {
  occurredAt: string;
  reason: string;
  onBehalfOf: string | null;
}

/** The back-entry a request asks for, after checking that the caller may make one; undefined for a live act. */
export function backEntryOf(actor: Principal, dto: BackEntryDto): BackEntry | undefined {
  if (dto.occurredAt === undefined) {
    if (dto.backEntryReason !== undefined || dto.onBehalfOf !== undefined) {
      throw invalid('backEntryReason and onBehalfOf go with occurredAt', [{ field: 'occurredAt', message: 'is required with backEntryReason or onBehalfOf' }]);
    }
    return undefined;
  }
  if (!actor.isAdmin) throw forbidden('Only an admin may enter an act with its past date (occurredAt).');
  return { occurredAt: dto.occurredAt, reason: dto.backEntryReason ?? '', onBehalfOf: dto.onBehalfOf ?? null };
}
