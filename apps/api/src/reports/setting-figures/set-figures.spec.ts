import { DomainError, reportStreamId } from '@app/domain';
import { IdempotencyKeyReusedError, PreconditionFailedError } from '../../platform/commands/command-handling';
import { actor, ctx, failureOf, handlerSpecification } from '../../platform/testing/command-specification';
import { SetFigures, SetFiguresHandler } from './set-figures.command';

const stream = reportStreamId('r1');
const created = { type: 'ReportCreated.v1', data: { reportId: 'r1', unitId: 'u1', programId: null, period: '2021', by: 'rep', at: '2021-01-01T00:00:00.000Z' } };
const rep = actor('rep', 'reporter:u1');
const recorded = (value: string, previousValue: string | null = null) => ({
  type: 'FigureRecorded.v1',
  data: { reportId: 'r1', indicator: 'work_days', areaCode: null, value, previousValue, note: null, reason: null },
});

describe('setting figures (handler on the embedded store)', () => {
  const t = handlerSpecification(
    (spec) => new SetFiguresHandler(spec.store, spec.reference, spec.streams),
    async (spec) => {
      await spec.givenUnit('u1');
      await spec.givenIndicator('work_days');
    },
  );

  it('given a draft, when a reporter of its unit sets a figure, then FigureRecorded with the stream revision', async () => {
    await t.spec.given(stream, [created]);
    const result = await t.handler.execute(new SetFigures(ctx(rep), 'r1', { figures: [{ indicator: 'work_days', value: '8100' }] }));
    expect(await t.spec.appended(stream)).toEqual([recorded('8100')]);
    expect(result).toMatchObject({ revision: 1, appended: true });
  });

  it('given no report, then not_found and nothing appended', async () => {
    const error = await failureOf(t.handler.execute(new SetFigures(ctx(rep), 'r1', { figures: [{ indicator: 'work_days', value: '1' }] })));
    expect(error).toMatchObject({ kind: 'not_found', message: 'Report r1 does not exist.' });
    expect(await t.spec.appended(stream)).toEqual([]);
  });

  it('given a figure without a value (not null: absent), then invalid naming each such figure, before the report is read', async () => {
    await t.spec.given(stream, [created]);
    const figures = [{ indicator: 'work_days', value: '1' }, { indicator: 'work_days' }, { indicator: 'work_days', value: null }, { indicator: 'work_days' }];
    const error = await failureOf(t.handler.execute(new SetFigures(ctx(rep), 'r1', { figures } as never)));
    expect(error).toMatchObject({
      kind: 'invalid',
      message: 'Every figure needs a value (null removes it).',
      errors: [{ field: 'figures[1].value', message: 'is required' }, { field: 'figures[3].value', message: 'is required' }],
    });
    expect((error as DomainError).errors).toHaveLength(2);
    expect(await t.spec.appended(stream)).toEqual([]);
    // Checked first: a missing report with such a figure is still invalid, not not_found.
    expect(await failureOf(t.handler.execute(new SetFigures(ctx(rep), 'nope', { figures: [{ indicator: 'work_days' }] } as never)))).toMatchObject({ kind: 'invalid' });
  });

  it('given a draft, when a reporter of another unit sets figures, then forbidden', async () => {
    await t.spec.given(stream, [created]);
    const error = await failureOf(t.handler.execute(new SetFigures(ctx(actor('other', 'reporter:u2', 'supervisor:u1')), 'r1', { figures: [{ indicator: 'work_days', value: '1' }] })));
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ kind: 'forbidden' });
    expect(await t.spec.appended(stream)).toEqual([]);
  });

  it('given a draft, when an unknown indicator is named, then unprocessable naming the field', async () => {
    await t.spec.given(stream, [created]);
    const error = await failureOf(t.handler.execute(new SetFigures(ctx(rep), 'r1', { figures: [{ indicator: 'km', value: '1' }] })));
    expect(error).toMatchObject({ kind: 'unprocessable', errors: [{ field: 'figures[0].indicator' }] });
  });

  it('given If-Match with a stale revision, then precondition failed and nothing appended', async () => {
    await t.spec.given(stream, [created, recorded('1')]);
    const error = await failureOf(t.handler.execute(new SetFigures(ctx(rep, { expectedRevision: 0 }), 'r1', { figures: [{ indicator: 'work_days', value: '2' }] })));
    expect(error).toBeInstanceOf(PreconditionFailedError);
    expect(error).toMatchObject({ revision: 1 });
    expect(await t.spec.appended(stream)).toEqual([]);
  });

  describe('idempotency', () => {
    const body = { figures: [{ indicator: 'work_days', value: '5' }] };

    it('the same key and request answer the first result and append nothing; another request with the key is refused', async () => {
      await t.spec.given(stream, [created]);
      const first = await t.handler.execute(new SetFigures(ctx(rep, { idempotencyKey: 'k', requestHash: 'h1' }), 'r1', body));
      const again = await t.handler.execute(new SetFigures(ctx(rep, { idempotencyKey: 'k', requestHash: 'h1' }), 'r1', body));
      expect(again).toEqual({ ...first, appended: false });
      expect(await failureOf(t.handler.execute(new SetFigures(ctx(rep, { idempotencyKey: 'k', requestHash: 'h2' }), 'r1', { figures: [{ indicator: 'work_days', value: '6' }] }))))
        .toBeInstanceOf(IdempotencyKeyReusedError);
      expect(await t.spec.appended(stream)).toEqual([recorded('5')]);
    });

    it('a key is the caller\'s own: another caller sending the same key makes its own command', async () => {
      await t.spec.given(stream, [created]);
      await t.handler.execute(new SetFigures(ctx(rep, { idempotencyKey: 'shared', requestHash: 'h1' }), 'r1', body));
      const other = actor('rep-2', 'reporter:u1');
      const result = await t.handler.execute(new SetFigures(ctx(other, { idempotencyKey: 'shared', requestHash: 'h2' }), 'r1', { figures: [{ indicator: 'work_days', value: '7' }] }));
      expect(result.appended).toBe(true);
      expect(await t.spec.appended(stream)).toEqual([recorded('5'), recorded('7', '5')]);
    });

    it('a replay is answered only to a caller who may still make the command', async () => {
      await t.spec.given(stream, [created]);
      await t.handler.execute(new SetFigures(ctx(rep, { idempotencyKey: 'k', requestHash: 'h1' }), 'r1', body));
      const demoted = actor('rep', 'auditor');
      expect(await failureOf(t.handler.execute(new SetFigures(ctx(demoted, { idempotencyKey: 'k', requestHash: 'h1' }), 'r1', body)))).toMatchObject({ kind: 'forbidden' });
    });
  });
});
