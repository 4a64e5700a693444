import { Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { Access, Actor, FreshQueryDto, IdParams, Principal, QueryAnswer, QueryReads, Reads, Routes } from '../../platform/routing';
import { ReviewParams } from '../review-id';
import { ReviewDto, ReviewListDto } from './reviews.dto';
import { GetReview, ListReviews } from './reviews.query';

/** Review conferences and the figures they announced, exactly as announced, with what changed since. */
@Routes('programs', 'api/programs')
export class ReviewsController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/reviews')
  @Access('authenticated')
  @ApiOperation({ summary: "The program's review conferences with their announced figures (all of them for its steering supervisors, auditors and admins; the units in your scope otherwise)" })
  @QueryAnswer(ReviewListDto, { reads: ['reviews', 'programs', 'units'] })
  async listReviews(@Param() { id }: IdParams, @Query() fresh: FreshQueryDto, @Actor() actor: Principal, @Reads() reads: QueryReads) {
    return this.queries.execute(new ListReviews(id, actor, await reads.open(fresh)));
  }

  @Get(':id/reviews/:reviewId')
  @Access('authenticated')
  @ApiOperation({ summary: 'One review conference: its announced figures, exactly as announced, and what changed since' })
  @QueryAnswer(ReviewDto, { reads: ['reviews', 'programs', 'units'] })
  async getReview(@Param() { id, reviewId }: ReviewParams, @Query() fresh: FreshQueryDto, @Actor() actor: Principal, @Reads() reads: QueryReads) {
    return this.queries.execute(new GetReview(id, reviewId, actor, await reads.open(fresh)));
  }
}
