import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { notFound, programDecider, programStreamId, vietnamDate } from '@app/domain';
import { aggregateStream, EVENT_STORE, EventStore } from '@app/event-store';
import { assertProgramManager } from '../../platform/auth/access-policy';
import { CommandContext } from '../../platform/commands/command-context';
import { answered, appendDecided, CommandAnswerOf, replayOf, retryOnConflict } from '../../platform/commands/command-handling';
import { ReferenceData } from '../../platform/reference/reference-data';
import { reviewIdFor } from '../review-id';
import { RecordReviewDto } from './record-review.dto';

export class RecordReview extends Command<CommandAnswerOf> {
  constructor(readonly ctx: CommandContext, readonly programId: string, readonly review: RecordReviewDto) {
    super();
  }
}

/**
 * A sơ kết / tổng kết held on the program (its steering supervisors, or an admin entering one
 * from paper). The event's place in the log fixes the announced figures: every approval before
 * it counts, none after. Program changes contend on its stream; deciding again is safe.
 */
@CommandHandler(RecordReview)
export class RecordReviewHandler implements ICommandHandler<RecordReview> {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore, private readonly reference: ReferenceData) {}

  async execute({ ctx, programId, review: dto }: RecordReview): Promise<CommandAnswerOf> {
    const reviewId = reviewIdFor(ctx.commandId);
    const result = await retryOnConflict(ctx, 5, async () => {
      const program = await aggregateStream(this.events, programStreamId(programId), programDecider);
      if (program.state.status === 'none') throw notFound(`Program ${programId} does not exist.`);
      assertProgramManager(ctx.actor, program.state.steeringUnitId, await this.reference.current());
      const replay = replayOf(program, ctx);
      if (replay) return replay;
      const data = { programId, reviewId, period: dto.period, kind: dto.kind ?? 'preliminary', heldAt: dto.heldAt, title: dto.title, decisionRef: dto.decisionRef ?? null };
      return appendDecided(this.events, program, programDecider.decide({ type: 'RecordReview', data, today: vietnamDate(ctx.now) }, program.state), ctx);
    });
    return answered(reviewId, result);
  }
}
