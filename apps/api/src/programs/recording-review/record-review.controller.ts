import { Body, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { Access, Answer, CommandAnswer, CommandAnswerer, CommandContext, Ctx, IdParams, Routes } from '../../platform/routing';
import { RecordReview } from './record-review.command';
import { RecordReviewDto } from './record-review.dto';

@Routes('programs', 'api/programs')
export class RecordReviewController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/reviews')
  @Access('authenticated')
  @ApiOperation({
    summary: "Record a review conference (sơ kết, tổng kết) of a period: it announces the program's approved figures as they stand now (steering supervisor or admin); answers the review's id",
  })
  @CommandAnswer(201)
  recordReview(@Param() { id }: IdParams, @Body() dto: RecordReviewDto, @Ctx() ctx: CommandContext, @Answer() answer: CommandAnswerer) {
    return answer(this.commands.execute(new RecordReview(ctx, id, dto)));
  }
}
