import { hash } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import { DUMMY_HASH, hashPassword, needsRehash, PASSWORD_HASH_OPTIONS, verifyAgainstDummy, verifyPassword } from './password-hash';

const PHC = /^\$(?<algorithm>argon2(?:id|i|d))\$v=(?<version>\d+)\$m=(?<m>\d+),t=(?<t>\d+),p=(?<p>\d+)\$(?<salt>[A-Za-z0-9+/]+)\$(?<hash>[A-Za-z0-9+/]+)$/;

const phcParams = (stored: string) => {
  const groups = PHC.exec(stored)?.groups;
  if (groups === undefined) {
    throw new Error(`not a PHC argon2 string: ${stored}`);
  }
  return {
    algorithm: groups.algorithm,
    version: Number(groups.version),
    m: Number(groups.m),
    t: Number(groups.t),
    p: Number(groups.p),
    saltBytes: Buffer.from(groups.salt ?? '', 'base64').length,
  };
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const timeOf = async (fn: () => Promise<unknown>): Promise<number> => {
  const start = performance.now();
  await fn();
  return performance.now() - start;
};

describe('hashPassword', () => {
  it('stores argon2id v19 with at least 19 MiB, 2 passes and 1 lane (OWASP)', async () => {
    const stored = await hashPassword('correct horse battery staple');
    const params = phcParams(stored);
    expect(params.algorithm).toBe('argon2id');
    expect(params.version).toBe(19);
    expect(params.m).toBeGreaterThanOrEqual(19_456);
    expect(params.t).toBeGreaterThanOrEqual(2);
    expect(params.p).toBe(1);
    expect(params.saltBytes).toBeGreaterThanOrEqual(16);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same password twice')).not.toBe(await hashPassword('same password twice'));
  });

  it('hashes and verifies long input like any other, without a shortcut', async () => {
    const long = 'x'.repeat(10_000);
    expect(await verifyPassword(await hashPassword(long), long)).toBe(true);
  });
});

describe('verifyPassword', () => {
  it('accepts the password and rejects any other', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(await verifyPassword(stored, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(stored, 'correct horse battery stapl')).toBe(false);
    expect(await verifyPassword(stored, 'Correct horse battery staple')).toBe(false);
    expect(await verifyPassword(stored, '')).toBe(false);
  });

  it('normalizes with NFKC, so the same password typed another way still matches', async () => {
    const precomposed = 'caf\u00e9 au lait mon amour'; // é as one code point (most keyboards)
    const decomposed = 'cafe\u0301 au lait mon amour'; // e + combining acute (some systems and pastes)
    const stored = await hashPassword(precomposed);
    expect(await verifyPassword(stored, decomposed)).toBe(true);
    // Full-width Latin letters from an East Asian input method are the same password after NFKC.
    expect(await verifyPassword(await hashPassword('ｐａｓｓｐｈｒａｓｅ ｏｎｅ'), 'passphrase one')).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['garbage', 'not a hash'],
    ['truncated', DUMMY_HASH.slice(0, 40)],
    ['bcrypt', '$2b$12$C6UzMDM.H6dfI/f/IKcEeO5jGzS7k4r2yq8tN6i0cQ6aR4z7ePZ1u'],
    ['unknown algorithm', '$argon3$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNo'],
  ])('answers false for a malformed hash (%s) instead of throwing', async (_label, stored) => {
    expect(await verifyPassword(stored, 'correct horse battery staple')).toBe(false);
  });
});

describe('needsRehash', () => {
  it('is false for a hash made with the current settings', async () => {
    expect(needsRehash(await hashPassword('correct horse battery staple'))).toBe(false);
  });

  it('is true for weaker settings, another variant or a hash that is not ours', async () => {
    const password = 'correct horse battery staple';
    expect(needsRehash(await hash(password, { ...PASSWORD_HASH_OPTIONS, memoryCost: 8_192 }))).toBe(true);
    expect(needsRehash(await hash(password, { ...PASSWORD_HASH_OPTIONS, timeCost: 1 }))).toBe(true);
    expect(needsRehash(await hash(password, { ...PASSWORD_HASH_OPTIONS, algorithm: PASSWORD_HASH_OPTIONS.algorithm - 1 }))).toBe(
      true, // argon2i
    );
    expect(needsRehash('not a hash')).toBe(true);
  });

  it('leaves stronger settings alone', async () => {
    expect(needsRehash(await hash('correct horse battery staple', { ...PASSWORD_HASH_OPTIONS, timeCost: 3 }))).toBe(false);
  });
});

describe('DUMMY_HASH and verifyAgainstDummy', () => {
  it('uses the current settings, so an unknown email costs what a real password costs', () => {
    expect(phcParams(DUMMY_HASH)).toMatchObject({
      algorithm: 'argon2id',
      version: 19,
      m: PASSWORD_HASH_OPTIONS.memoryCost,
      t: PASSWORD_HASH_OPTIONS.timeCost,
      p: PASSWORD_HASH_OPTIONS.parallelism,
    });
    expect(needsRehash(DUMMY_HASH)).toBe(false);
  });

  it('always answers false, in about the time of a real verification', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(await verifyAgainstDummy('correct horse battery staple')).toBe(false);
    expect(await verifyAgainstDummy('')).toBe(false);
    const real: number[] = [];
    const dummy: number[] = [];
    for (let i = 0; i < 7; i++) {
      real.push(await timeOf(() => verifyPassword(stored, 'a wrong password here')));
      dummy.push(await timeOf(() => verifyAgainstDummy('a wrong password here')));
    }
    // Generous bounds: shared CI machines are noisy; the point is "same work", not "same microsecond".
    const ratio = median(dummy) / median(real);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });
});
