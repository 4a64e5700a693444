import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JWTPayload, SignJWT } from 'jose';
import { loadConfig } from '@app/shared';
import { createTokenVerifier } from './jwt';

/** The verifier's memory of verified tokens: it must never answer for a token jose would refuse now. */
describe('token verifier: verified tokens kept in memory', () => {
  const secret = 'a-test-secret-of-enough-length-for-hs256-0123456789';
  const key = new TextEncoder().encode(secret);
  let dir: string;
  let clock: number;
  const now = () => clock;
  const config = () => loadConfig({ DATA_DIR: dir, AUTH_JWT_SECRET: secret });
  const claims = (over: JWTPayload = {}): JWTPayload => ({ sub: 'alice', roles: ['reporter:u1'], iss: 'danvan-ledger', aud: 'danvan-ledger', exp: Math.floor(clock / 1000) + 600, ...over });
  const sign = (payload: JWTPayload, signingKey = key) => new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(signingKey);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jwt-spec-'));
    clock = Date.UTC(2031, 0, 1, 8, 0, 0);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('answers a token again from memory, the same claims', async () => {
    const verify = createTokenVerifier(config(), { now });
    const token = await sign(claims());
    const first = await verify(token);
    expect(first).toEqual({ sub: 'alice', roles: ['reporter:u1'] });
    expect(await verify(token)).toBe(first);
  });

  it('refuses a kept token once its exp has passed (on the clock jose uses too)', async () => {
    const verify = createTokenVerifier(config(), { now, cacheMs: 3_600_000 });
    const token = await sign(claims({ exp: Math.floor(clock / 1000) + 30 }));
    await expect(verify(token)).resolves.toMatchObject({ sub: 'alice' });
    clock += 29_000;
    await expect(verify(token)).resolves.toMatchObject({ sub: 'alice' });
    clock += 1_000;
    await expect(verify(token)).rejects.toThrow(/exp/);
  });

  it('verifies a kept token again once cacheMs has passed (a fresh answer, not the kept one)', async () => {
    const verify = createTokenVerifier(config(), { now, cacheMs: 60_000 });
    const token = await sign(claims());
    const first = await verify(token);
    clock += 59_999;
    expect(await verify(token)).toBe(first);
    clock += 1;
    const again = await verify(token);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });

  it('keeps nothing for a token that failed, nor answers another token from a kept one', async () => {
    const verify = createTokenVerifier(config(), { now });
    const good = await sign(claims());
    await verify(good);
    const [h, p] = good.split('.');
    // The same header and payload under another key's signature, and a payload changed under the kept signature.
    const forged = `${h}.${p}.${(await sign(claims(), new TextEncoder().encode('another-secret-of-enough-length-0123456789abcdef'))).split('.')[2]}`;
    await expect(verify(forged)).rejects.toThrow();
    const admin = Buffer.from(JSON.stringify(claims({ roles: ['admin'] }))).toString('base64url');
    await expect(verify(`${h}.${admin}.${good.split('.')[2]}`)).rejects.toThrow();
    await expect(verify(forged)).rejects.toThrow();
  });

  it('holds at most cacheSize tokens, each answered correctly whether kept or verified again', async () => {
    const verify = createTokenVerifier(config(), { now, cacheSize: 2 });
    const tokens = await Promise.all(['a', 'b', 'c'].map((sub) => sign(claims({ sub }))));
    for (let round = 0; round < 2; round++) {
      for (const [i, token] of tokens.entries()) expect((await verify(token)).sub).toBe(['a', 'b', 'c'][i]);
    }
  });
});
