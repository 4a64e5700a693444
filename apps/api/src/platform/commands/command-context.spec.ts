import { uuidV5 } from '@app/shared';
import { Principal } from '../auth/principal';
import { commandContext, idempotentCommandId } from './command-context';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('command context', () => {
  const alice = new Principal('alice', ['reporter:u1']);
  const bob = new Principal('bob', ['reporter:u1']);

  describe('idempotentCommandId: the command an Idempotency-Key stands for', () => {
    it('the same caller and key always give the same id, a v5 UUID', () => {
      const id = idempotentCommandId(alice, 'k-1');
      expect(id).toMatch(UUID_V5);
      expect(idempotentCommandId(new Principal('alice', ['admin']), 'k-1')).toBe(id);
    });

    it('is scoped to the caller: two callers sending the same key never share a command', () => {
      expect(idempotentCommandId(bob, 'k-1')).not.toBe(idempotentCommandId(alice, 'k-1'));
      // Not the key alone, nor the caller alone.
      expect(idempotentCommandId(alice, 'k-1')).not.toBe(uuidV5('idempotency:k-1'));
      expect(idempotentCommandId(alice, 'k-2')).not.toBe(idempotentCommandId(alice, 'k-1'));
    });

    it('names the caller and the key under the idempotency prefix (the ids of commands recorded so far stay the same)', () => {
      expect(idempotentCommandId(alice, 'k-1')).toBe(uuidV5('idempotency:alice:k-1'));
      expect(idempotentCommandId(new Principal('c0ffee-1234@tinh.vn', []), 'k:1')).toBe(uuidV5('idempotency:c0ffee-1234@tinh.vn:k:1'));
    });

    it('a colon in the caller or the key never makes two callers one: the caller is escaped before the key', () => {
      const a = new Principal('a', ['admin']);
      const ab = new Principal('a:b', ['admin']);
      expect(idempotentCommandId(a, 'b:c')).not.toBe(idempotentCommandId(ab, 'c'));
      expect(idempotentCommandId(ab, 'c')).toBe(uuidV5('idempotency:a%3Ab:c'));
      // The escape itself is escaped, so a caller spelt with it is still another caller.
      const spelt = new Principal('a%3Ab', ['admin']);
      expect(idempotentCommandId(spelt, 'c')).not.toBe(idempotentCommandId(ab, 'c'));
      expect(idempotentCommandId(spelt, 'c')).toBe(uuidV5('idempotency:a%253Ab:c'));
      expect(idempotentCommandId(new Principal('%', []), 'k')).not.toBe(idempotentCommandId(new Principal('%25', []), 'k'));
    });
  });

  describe('commandContext', () => {
    const now = new Date('2021-07-01T03:00:00.000Z');

    it('without a key: a fresh random command id and correlation id each time, no idempotency, no precondition', () => {
      const a = commandContext(alice, { now });
      const b = commandContext(alice, { now });
      expect(a).toEqual({ actor: alice, commandId: expect.stringMatching(UUID_V4), correlationId: expect.stringMatching(UUID_V4), expectedRevision: null, idempotency: null, now: '2021-07-01T03:00:00.000Z' });
      expect(b.commandId).not.toBe(a.commandId);
      expect(b.correlationId).not.toBe(a.correlationId);
      expect(a.correlationId).not.toBe(a.commandId);
    });

    it('with a key: the caller-scoped command id, and the key with the request hash to tell a retry from another request', () => {
      expect(commandContext(alice, { idempotencyKey: 'k-1', requestHash: 'h1', now })).toEqual({
        actor: alice,
        commandId: idempotentCommandId(alice, 'k-1'),
        correlationId: expect.stringMatching(UUID_V4),
        expectedRevision: null,
        idempotency: { key: 'k-1', requestHash: 'h1' },
        now: '2021-07-01T03:00:00.000Z',
      });
      expect(commandContext(bob, { idempotencyKey: 'k-1', now }).commandId).toBe(idempotentCommandId(bob, 'k-1'));
    });

    it('a key without a request hash stands for its own request', () => {
      expect(commandContext(alice, { idempotencyKey: 'k-1' }).idempotency).toEqual({ key: 'k-1', requestHash: 'k-1' });
    });

    it('an empty key is still a key', () => {
      expect(commandContext(alice, { idempotencyKey: '' })).toMatchObject({ commandId: idempotentCommandId(alice, ''), idempotency: { key: '', requestHash: '' } });
    });

    it('keeps the correlation id and the expected revision it is given, revision 0 included', () => {
      expect(commandContext(alice, { correlationId: 'req-7', expectedRevision: 0 })).toMatchObject({ correlationId: 'req-7', expectedRevision: 0 });
      expect(commandContext(alice, { expectedRevision: 12 }).expectedRevision).toBe(12);
      expect(commandContext(alice, { expectedRevision: null }).expectedRevision).toBeNull();
    });

    it('without a clock, now is the time of the call', () => {
      const before = Date.now();
      const at = Date.parse(commandContext(alice).now);
      expect(at).toBeGreaterThanOrEqual(before);
      expect(at).toBeLessThanOrEqual(Date.now());
      expect(commandContext(alice).now).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    });
  });
});
