import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches, registerDecorator } from 'class-validator';
import { parsePeriod, parsePhase, REVIEW_KINDS, ReviewKind, SUMMARY_PERIOD_PATTERN } from '@app/domain';
import { IsCalendarDate } from '../../platform/http/calendar-date';

/** A phase runs forwards (the pattern admits `2021..2017`). */
function IsReviewPeriod() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isReviewPeriod',
      target: target.constructor,
      propertyName,
      options: { message: 'must be a period key such as 2020 or 2022-H1, or a phase such as 2017..2021' },
      validator: { validate: (value: unknown) => typeof value === 'string' && (parsePeriod(value) !== null || parsePhase(value) !== null) },
    });
}

export class RecordReviewDto {
  @ApiProperty({ example: '2020', description: 'The period the conference reviews: a half-year (sơ kết 6 tháng), a year, or a phase of years (2017..2021)' })
  @Matches(SUMMARY_PERIOD_PATTERN, { message: 'must be a period key such as 2020 or 2022-H1, or a phase such as 2017..2021' }) @IsReviewPeriod()
  period!: string;

  @ApiProperty({ example: '2021-01-19', description: 'The day the conference was held (not after today, not before the period begins)' }) @IsCalendarDate()
  heldAt!: string;

  @ApiProperty({ example: 'Hội nghị sơ kết chương trình phối hợp năm 2020' }) @IsString() @Length(1, 300)
  title!: string;

  @ApiPropertyOptional({ example: 'Thông báo kết luận số 12-TB/BCĐ', description: 'The decision or record of the conference' })
  @IsOptional() @IsString() @Length(1, 200)
  decisionRef?: string;

  @ApiPropertyOptional({ enum: REVIEW_KINDS, default: 'preliminary', description: '`preliminary`: sơ kết; `final`: tổng kết' })
  @IsOptional() @IsIn(REVIEW_KINDS)
  kind?: ReviewKind;
}
