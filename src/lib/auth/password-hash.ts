import 'server-only';
import { hash, parseOptions, verify, type Algorithm, type Options, type Version } from '@node-rs/argon2';

/*
 * Password hashing (DESIGN §6): argon2id with OWASP's minimum for it — 19 MiB of memory, 2 passes,
 * 1 lane. Measured on the dev container: ~24 ms per hash or verify, so a burst of sign-ins costs
 * CPU and 19 MiB each while it lasts, not seconds. Raise the costs here when hardware allows;
 * `needsRehash` then upgrades each stored hash at its owner's next successful sign-in.
 *
 * Passwords are NFKC-normalized before hashing and verifying (NIST SP 800-63B §5.1.1.2). The same
 * password can arrive as different code points: "é" precomposed (U+00E9) or as "e" + U+0301
 * depending on the keyboard and operating system, full-width Latin letters from an East Asian
 * input method, a ligature pasted from a document. Without normalization the person's password
 * would stop working on another device. NFKC is therefore part of the stored hash's meaning:
 * never change it without a migration. The policy (password-policy.ts) counts length on the same
 * normalized form.
 */

// `Algorithm` and `Version` are ambient const enums, which `isolatedModules` cannot read; these
// are their documented values (Argon2id = 2, V0x13 = 1 = version 19).
const ARGON2ID = 2 as Algorithm;
const VERSION_19 = 1 as Version;

/** The parameters of every new hash. */
export const PASSWORD_HASH_OPTIONS = {
  algorithm: ARGON2ID,
  version: VERSION_19,
  memoryCost: 19_456, // KiB = 19 MiB
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
} as const satisfies Options;

const MIN_SALT_BYTES = 16;

/*
 * No length limit here on purpose: the policy bounds new passwords (128 code points) and the
 * request body limit bounds input. An early exit for long input in `verifyPassword` (or a throw in
 * `hashPassword`, which better-auth runs for unknown emails) would answer faster or differently
 * for existing accounts than for unknown ones — a timing oracle for which emails have accounts.
 */

const normalize = (password: string): string => password.normalize('NFKC');

/** The PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`) to store for `password`. */
export const hashPassword = (password: string): Promise<string> => hash(normalize(password), PASSWORD_HASH_OPTIONS);


/**
 * Whether `storedHash` was made with weaker settings than today's (or is not ours at all), so the
 * caller should store `hashPassword(password)` after the next successful verification. Higher
 * settings than today's are left alone.
 */
export const needsRehash = (storedHash: string): boolean => {
  try {
    const stored = parseOptions(storedHash);
    return (
      stored.algorithm !== PASSWORD_HASH_OPTIONS.algorithm ||
      stored.version !== PASSWORD_HASH_OPTIONS.version ||
      stored.memoryCost < PASSWORD_HASH_OPTIONS.memoryCost ||
      stored.timeCost < PASSWORD_HASH_OPTIONS.timeCost ||
      stored.outputLen < PASSWORD_HASH_OPTIONS.outputLen ||
      stored.saltLen < MIN_SALT_BYTES
    );
  } catch {
    return true;
  }
};

/**
 * A hash of a random password nobody knows (generated once and discarded), made with
 * `PASSWORD_HASH_OPTIONS` — a unit test keeps the two in step. A literal rather than computed at
 * start-up so that the first unknown-email sign-in does not take twice as long as later ones.
 */
export const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$mGY/Ec1D9DRYSrzl70CShA$3cS2zIqoIuXOmoJAMrhcvWuzzqSUdekfyNql2OCGp8c';

/**
 * Whether `password` matches the stored `storedHash`. The comparison is constant-time inside the
 * library. A malformed or foreign hash (a bad import, a truncated column) answers false instead
 * of throwing, so the caller's "wrong password" path is the only path — after spending the usual
 * argon2 time on the dummy hash, so that even a broken row does not answer faster.
 */
export const verifyPassword = async (storedHash: string, password: string): Promise<boolean> => {
  const normalized = normalize(password);
  try {
    return await verify(storedHash, normalized);
  } catch {
    await verify(DUMMY_HASH, normalized).catch(() => false);
    return false;
  }
};

/**
 * For a sign-in with an unknown email (or a member without a password): spends the same argon2
 * time as checking a real password, and answers false. With it, "no such user" and "wrong
 * password" take the same time and get the same answer, so sign-in cannot be used to find out
 * which emails have accounts.
 */
export const verifyAgainstDummy = async (password: string): Promise<false> => {
  await verifyPassword(DUMMY_HASH, password);
  return false;
};
