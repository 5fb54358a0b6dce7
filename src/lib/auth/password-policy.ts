import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { z } from 'zod';

/*
 * Which new passwords we accept (NIST SP 800-63B §3.1.1.2 / §5.1.1.2):
 *
 * - at least 12 and at most 128 characters, where a character is a Unicode code point after NFKC
 *   normalization (what password-hash.ts hashes), so "é" typed as one precomposed code point or as
 *   "e" + combining accent counts once, and an emoji counts once although it is two UTF-16 units;
 * - any Unicode (spaces, emoji, any script) and no composition rules ("one digit, one symbol"),
 *   which NIST advises against: they push people to predictable patterns such as "Password1!";
 * - not a common or guessable password (zxcvbn-ts with its common and English dictionaries,
 *   score < 3), and nothing built from the context (the practice's name, the email address, the
 *   person's name).
 *
 * Shared by forms (instant feedback) and the server (the decision), so no server-only imports.
 * Bundle cost: the zxcvbn dictionaries are ~1.6 MB minified (~830 KB gzipped) and building the
 * matcher takes ~0.2–0.3 s. They are therefore loaded with dynamic `import()` on first use — in
 * the browser that is a separate chunk fetched only by screens that set a password (call
 * `loadPasswordChecker()` when such a form mounts to hide the latency) — and the matcher is built
 * once per process or page. That makes the check asynchronous: use `parseAsync` /
 * `safeParseAsync` with the schemas below (`zodResolver` already does).
 * Measured on the dev container (Node 20, server side): import 0.17–0.24 s + building the matcher
 * 0.23–0.29 s, so the first `checkPassword` takes ~0.55 s; later checks 3–45 ms, up to ~0.2 s for a
 * repetitive 128-character phrase. Levenshtein matching is off on purpose: it made each check
 * 0.3–1 s, too slow for feedback while typing and a cheap way to burn server CPU.
 */

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

/** zxcvbn scores 0–4; below this the password is "common". 3 = "safely unguessable" (~10^8 guesses). */
const MIN_ZXCVBN_SCORE = 3;

/**
 * Context words shorter than this are not matched as substrings: a 3-letter name ("Ann", "Lee")
 * occurs inside many unrelated words. zxcvbn still sees them as user inputs (whole-word matches).
 */
const MIN_CONTEXT_TOKEN_LENGTH = 4;

/**
 * Words that appear in many practice names (and clinics' email domains). "Sunrise Family Clinic"
 * must make "sunrise" off limits, not every passphrase that contains "family" or "clinic".
 */
const GENERIC_PRACTICE_WORDS = new Set([
  'associates',
  'care',
  'center',
  'centre',
  'clinic',
  'clinics',
  'family',
  'group',
  'health',
  'healthcare',
  'medical',
  'medicine',
  'office',
  'pediatrics',
  'practice',
  'primary',
  'wellness',
]);

/** What we know about the person and the practice when they choose a password. */
export type TPasswordContext = {
  email?: string | null;
  practiceName?: string | null;
  name?: string | null;
};

export type TPasswordRejection = 'too_short' | 'too_long' | 'common' | 'contextual';

export type TPasswordCheckResult = { ok: true } | { ok: false; reason: TPasswordRejection; message: string };

/** What people are told. Fixed texts: never echo the password or the context back. */
export const PASSWORD_MESSAGES: Readonly<Record<TPasswordRejection, string>> = {
  too_short: `Use at least ${PASSWORD_MIN_LENGTH} characters. A few unrelated words with spaces make a good password.`,
  too_long: `Use at most ${PASSWORD_MAX_LENGTH} characters.`,
  common: 'This password is too common or too easy to guess. Try a longer phrase of a few unrelated words.',
  contextual: "Choose a password that does not contain your name, your email address or your practice's name.",
};

const reject = (reason: TPasswordRejection): TPasswordCheckResult => ({ ok: false, reason, message: PASSWORD_MESSAGES[reason] });

/** The password as it is hashed and measured (see password-hash.ts for why NFKC). */
export const normalizePassword = (password: string): string => password.normalize('NFKC');

/** Length in Unicode code points after NFKC normalization: the length the policy counts. */
export const passwordLength = (password: string): number => {
  let count = 0;
  // for…of iterates code points, not UTF-16 units.
  for (const _ of normalizePassword(password)) {
    count++;
  }
  return count;
};

/** The length rules alone: synchronous and dictionary-free, for instant feedback while typing. */
export const checkPasswordLength = (password: string): TPasswordCheckResult => {
  // NFKC can expand a string up to 18-fold; refuse absurd input before normalizing it.
  if (password.length > PASSWORD_MAX_LENGTH * 4) {
    return reject('too_long');
  }
  const length = passwordLength(password);
  if (length < PASSWORD_MIN_LENGTH) {
    return reject('too_short');
  }
  if (length > PASSWORD_MAX_LENGTH) {
    return reject('too_long');
  }
  return { ok: true };
};

/** Lowercase letters and digits only, so "Sunrise Clinic" and "sunrise-clinic!" compare equal. */
const compact = (text: string): string =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');

const words = (text: string): string[] =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');

/**
 * The words a password must not contain, derived from the context. `minLength` is the shortest
 * word kept: substring matching uses the default; zxcvbn gets the shorter ones as well.
 */
export const contextTokens = (
  { email, practiceName, name }: TPasswordContext,
  minLength: number = MIN_CONTEXT_TOKEN_LENGTH,
): string[] => {
  const tokens = new Set<string>();
  const add = (token: string) => {
    if ([...token].length >= minLength) {
      tokens.add(token);
    }
  };
  const trimmedEmail = email?.trim().toLowerCase() ?? '';
  const at = trimmedEmail.lastIndexOf('@');
  if (at > 0) {
    // "jane.doe+clinic@sunrise-health.example": jane.doe, jane, doe, sunrise-health, sunrise, …
    const local = trimmedEmail.slice(0, at).split('+')[0] ?? '';
    add(compact(local));
    words(local).forEach(add);
    // Every label but the top-level domain ("com", "example"), which says nothing about the person.
    const labels = trimmedEmail.slice(at + 1).split('.').slice(0, -1);
    labels.forEach((label) => {
      add(compact(label));
      words(label)
        .filter((word) => !GENERIC_PRACTICE_WORDS.has(word))
        .forEach(add);
    });
  }
  if (practiceName) {
    add(compact(practiceName));
    words(practiceName)
      .filter((word) => !GENERIC_PRACTICE_WORDS.has(word))
      .forEach(add);
  }
  if (name) {
    add(compact(name));
    words(name).forEach(add);
  }
  return [...tokens];
};

let checker: Promise<ZxcvbnFactory> | undefined;

/**
 * Loads the dictionaries and builds the matcher, once. Safe to call early (on a form's mount) to
 * hide the latency; a failed load (a chunk that did not download) is retried on the next call.
 */
export const loadPasswordChecker = (): Promise<ZxcvbnFactory> => {
  checker ??= (async () => {
    const [{ ZxcvbnFactory }, common, english] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-en'),
    ]);
    return new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...english.dictionary },
      graphs: common.adjacencyGraphs,
      translations: english.translations,
      useLevenshteinDistance: false,
    });
  })().catch((error: unknown) => {
    checker = undefined;
    throw error;
  });
  return checker;
};

/**
 * Whether `password` may become someone's password. Order matters only for the message: length
 * first (cheap, and the most useful hint), then context, then guessability.
 */
export const checkPassword = async (password: string, context: TPasswordContext = {}): Promise<TPasswordCheckResult> => {
  const length = checkPasswordLength(password);
  if (!length.ok) {
    return length;
  }
  const compacted = compact(password);
  if (contextTokens(context).some((token) => compacted.includes(token))) {
    return reject('contextual');
  }
  const zxcvbn = await loadPasswordChecker();
  // The context also goes in as user inputs, short words included: zxcvbn matches them as whole
  // dictionary words (also reversed or in l33t), which catches what substrings cannot.
  const result = zxcvbn.check(normalizePassword(password), contextTokens(context, 2));
  if (result.score >= MIN_ZXCVBN_SCORE) {
    return { ok: true };
  }
  const usesContext = result.sequence.some((match) => match.pattern === 'dictionary' && match.dictionaryName === 'userInputs');
  return reject(usesContext ? 'contextual' : 'common');
};

/**
 * A new password field that knows the context (sign-up, invitation acceptance, password change).
 * Asynchronous: parse with `parseAsync` / `safeParseAsync`. The issue's `params.reason` lets a
 * form tell the cases apart without comparing messages.
 */
export const zNewPasswordFor = (context: TPasswordContext = {}) =>
  z.string().superRefine(async (password, ctx) => {
    const result = await checkPassword(password, context);
    if (!result.ok) {
      ctx.addIssue({ code: 'custom', message: result.message, params: { reason: result.reason } });
    }
  });

/** A new password without context (length and guessability only). Asynchronous, see above. */
export const ZNewPassword = zNewPasswordFor();
