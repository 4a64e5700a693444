import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { NarrativeParse, notFound, parseNarrative, QUALIFIERS, reportDecider, reportStreamId } from '@app/domain';
import { aggregateStream, EVENT_STORE, EventStore } from '@app/event-store';
import { listIndicators, ScopedReadModels } from '@app/read-models';
import { assertReporter, assertReportInReach } from '../../platform/auth/access-policy';
import { ReferenceData } from '../../platform/reference/reference-data';
import { Principal } from '../../platform/auth/principal';

/** A paragraph or a few table rows; the parser's work grows with the count of numbers in it. */
export const MAX_NARRATIVE_LENGTH = 5000;

export class ParseFiguresDto {
  @ApiProperty({ example: 'tổ chức hơn 5.000 buổi phát động quần chúng với hơn 416.000 lượt người tham gia', maxLength: MAX_NARRATIVE_LENGTH })
  @IsString() @Length(1, MAX_NARRATIVE_LENGTH)
  text!: string;

  @ApiProperty({ enum: ['vi'], description: 'The notation of the text: vi writes 416.000 for four hundred sixteen thousand and 15,3 for fifteen point three' })
  @IsIn(['vi'])
  locale!: 'vi';
}

class SpanDto {
  @ApiProperty({ description: 'UTF-16 offset into the NFC-normalized text' }) start!: number;
  @ApiProperty() end!: number;
}

class DraftFigureDto {
  @ApiProperty({ example: 'mobilization_participants' }) indicator!: string;
  @ApiProperty({ example: '416000' }) value!: string;
  @ApiProperty({ enum: QUALIFIERS, nullable: true }) qualifier!: string | null;
  @ApiProperty({ example: 'hơn 416.000 lượt người tham gia' }) text!: string;
  @ApiProperty({ type: SpanDto }) span!: SpanDto;
  @ApiPropertyOptional({ description: 'For a ratio such as 83/109: the whole' }) of?: string;
  @ApiProperty({ type: [String], description: "Words of the indicator's name found around the number" }) matchedWords!: string[];
}

class UnmatchedNumberDto {
  @ApiProperty() text!: string;
  @ApiProperty({ type: SpanDto }) span!: SpanDto;
  @ApiProperty() value!: string;
  @ApiProperty({ enum: QUALIFIERS, nullable: true }) qualifier!: string | null;
  @ApiPropertyOptional() of?: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ type: [String], description: 'Indicators that came close, best first' }) candidates!: string[];
}

class IgnoredNumberDto {
  @ApiProperty() text!: string;
  @ApiProperty({ type: SpanDto }) span!: SpanDto;
  @ApiProperty({ example: 'a date' }) reason!: string;
}

export class NarrativeParseDto {
  @ApiProperty({ description: 'The text as read (NFC); spans index into it' }) text!: string;
  @ApiProperty({ type: [DraftFigureDto], description: 'Draft figures: send the ones you accept with PUT /api/reports/{id}/figures' }) figures!: DraftFigureDto[];
  @ApiProperty({ type: [UnmatchedNumberDto] }) unmatched!: UnmatchedNumberDto[];
  @ApiProperty({ type: [IgnoredNumberDto] }) ignored!: IgnoredNumberDto[];
}

/**
 * Draft figures from a Vietnamese sentence or table row, for the reporter of the report's unit
 * (as for setting figures). Reads the report's stream for its unit and the catalogue for names
 * and units; appends nothing.
 */
export class ParseFigures extends Query<NarrativeParse> {
  constructor(readonly reportId: string, readonly text: ParseFiguresDto, readonly actor: Principal, readonly reads: ScopedReadModels) {
    super();
  }
}

@QueryHandler(ParseFigures)
export class ParseFiguresHandler implements IQueryHandler<ParseFigures> {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly reference: ReferenceData,
  ) {}

  async execute({ reportId, text: dto, actor, reads }: ParseFigures): Promise<NarrativeParse> {
    const { state } = await aggregateStream(this.events, reportStreamId(reportId), reportDecider);
    if (state.status === 'none') throw notFound(`Report ${reportId} does not exist.`);
    assertReportInReach(actor, state, await this.reference.current());
    assertReporter(actor, state.unitId);
    const catalogue = await listIndicators(reads);
    return parseNarrative(dto.text, catalogue.map(({ _id, name, unit, scale }) => ({ code: _id, name, unit, scale })));
  }
}
