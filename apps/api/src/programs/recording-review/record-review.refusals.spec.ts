import { actor, ctx, failureOf, handlerSpecification } from '../../platform/testing/command-specification';
import { RecordReview, RecordReviewHandler } from './record-review.command';

const review = { period: '2020', heldAt: '2021-01-19', title: 'Hội nghị sơ kết năm 2020' };

describe('recording a review conference: a missing program (handler on the embedded store)', () => {
  const t = handlerSpecification((spec) => new RecordReviewHandler(spec.store, spec.reference), async (spec) => {
    await spec.givenUnit('bchqs');
  });

  it('not_found, naming it, to anyone: existence is answered before authorization', async () => {
    for (const who of [actor('a', 'admin'), actor('s', 'supervisor:bchqs')]) {
      expect(await failureOf(t.handler.execute(new RecordReview(ctx(who), 'p9', review)))).toMatchObject({ kind: 'not_found', message: 'Program p9 does not exist.' });
    }
  });
});
