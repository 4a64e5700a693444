import { programStreamId } from '@app/domain';
import { actor, ctx, failureOf, handlerSpecification, NOW } from '../../platform/testing/command-specification';
import { RecordReview, RecordReviewHandler } from './record-review.command';

const review = { period: '2020', heldAt: '2021-01-19', title: 'Hội nghị sơ kết năm 2020' };

describe('recording a review conference (handler on the embedded store)', () => {
  const t = handlerSpecification(
    (spec) => new RecordReviewHandler(spec.store, spec.reference),
    async (spec) => {
      await spec.givenUnit('province');
      await spec.givenUnit('bcd', 'province');
      await spec.givenUnit('bchqs', 'province');
      await spec.givenProgram({ programId: 'p1', steeringUnitId: 'bcd', fromYear: 2020, toYear: 2021 });
    },
  );

  it('a supervisor of the steering unit records it: ReviewConferenceRecorded with a generated id, answered', async () => {
    const answer = await t.handler.execute(new RecordReview(ctx(actor('s', 'supervisor:bcd')), 'p1', review));
    expect(answer.id).toMatch(/^rv-[a-f0-9]{12}$/);
    expect(await t.spec.appended(programStreamId('p1'))).toEqual([{
      type: 'ReviewConferenceRecorded.v1',
      data: { programId: 'p1', reviewId: answer.id, period: '2020', kind: 'preliminary', heldAt: '2021-01-19', title: review.title, decisionRef: null },
    }]);
  });

  it('the same Idempotency-Key answers the same review and appends nothing more', async () => {
    const sup = actor('s', 'supervisor:bcd');
    const first = await t.handler.execute(new RecordReview(ctx(sup, { idempotencyKey: 'k1' }), 'p1', review));
    expect(await t.handler.execute(new RecordReview(ctx(sup, { idempotencyKey: 'k1' }), 'p1', review))).toEqual({ ...first, appended: false });
    expect(await t.spec.appended(programStreamId('p1'))).toHaveLength(1);
  });

  it('a supervisor of a party (not of the steering unit) is forbidden; an unknown program not_found; a day after today invalid; nothing appended', async () => {
    expect(await failureOf(t.handler.execute(new RecordReview(ctx(actor('s', 'supervisor:bchqs')), 'p1', review)))).toMatchObject({ kind: 'forbidden' });
    expect(await failureOf(t.handler.execute(new RecordReview(ctx(actor('a', 'admin')), 'p9', review)))).toMatchObject({ kind: 'not_found' });
    const tomorrow = new Date(NOW.getTime() + 2 * 86400000).toISOString().slice(0, 10);
    expect(await failureOf(t.handler.execute(new RecordReview(ctx(actor('a', 'admin')), 'p1', { ...review, heldAt: tomorrow }))))
      .toMatchObject({ kind: 'invalid', errors: [{ field: 'heldAt' }] });
    expect(await t.spec.appended(programStreamId('p1'))).toEqual([]);
  });
});
