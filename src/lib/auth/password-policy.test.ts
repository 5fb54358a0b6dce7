import { beforeAll, describe, expect, it } from 'vitest';
import {
  checkPassword,
  checkPasswordLength,
  contextTokens,
  loadPasswordChecker,
  PASSWORD_MESSAGES,
  passwordLength,
  ZNewPassword,
  zNewPasswordFor,
} from './password-policy';

const context = { email: 'jane.doe+work@sunrise-health.example', practiceName: 'Sunrise Family Clinic', name: 'Jane Doe' };

beforeAll(async () => {
  // Dictionaries load once; keep that out of the first test's timing.
  await loadPasswordChecker();
}, 30_000);

describe('length', () => {
  it('counts code points after NFKC, not UTF-16 units', () => {
    expect(passwordLength('😀'.repeat(11))).toBe(11); // 22 UTF-16 units
    expect(passwordLength('e\u0301'.repeat(12))).toBe(12); // composed to é by NFKC: 24 → 12
    expect(passwordLength('ﬁ')).toBe(2); // the ligature is "fi" after NFKC
  });

  it('needs 12 code points: 11 emoji are too short even though they are 22 UTF-16 units', async () => {
    expect(checkPasswordLength('😀'.repeat(11))).toMatchObject({ ok: false, reason: 'too_short' });
    // Eleven different emoji, none with a variation selector (which would be a code point of its own).
    expect(await checkPassword('🦷🩺💉🧬🫀🫁🧠🦴🩹🧪🔬')).toMatchObject({ ok: false, reason: 'too_short' });
    expect(checkPasswordLength('😀'.repeat(12))).toEqual({ ok: true });
  });

  it('does not count combining marks that NFKC composes', () => {
    // 11 × (e + U+0301) is 22 code points typed, 11 after normalization.
    expect(checkPasswordLength('e\u0301'.repeat(11))).toMatchObject({ ok: false, reason: 'too_short' });
    expect(checkPasswordLength('e\u0301'.repeat(12))).toEqual({ ok: true });
  });

  it('accepts 128 code points and rejects 129', async () => {
    const words = 'maple river lantern quartz ';
    const long = words.repeat(10).slice(0, 128);
    expect(passwordLength(long)).toBe(128);
    expect(await checkPassword(long)).toEqual({ ok: true });
    expect(await checkPassword(`${long}x`)).toMatchObject({ ok: false, reason: 'too_long' });
    // Absurd input is refused before normalizing it.
    expect(checkPasswordLength('a'.repeat(100_000))).toMatchObject({ ok: false, reason: 'too_long' });
  });
});

describe('guessability', () => {
  it.each(['password1234', 'qwertyuiop12', 'Password1234!', '123456789012', 'aaaaaaaaaaaa'])('rejects %s as common', async (password) => {
    expect(await checkPassword(password)).toEqual({ ok: false, reason: 'common', message: PASSWORD_MESSAGES.common });
  });

  it('accepts a passphrase without composition rules', async () => {
    expect(await checkPassword('correct horse battery staple clinic')).toEqual({ ok: true });
    expect(await checkPassword('correct horse battery staple clinic', context)).toEqual({ ok: true });
  });

  it('accepts passphrases in any script', async () => {
    expect(await checkPassword('мой пароль длинный и странный')).toEqual({ ok: true });
    expect(await checkPassword('日本語のパスワードです長い')).toEqual({ ok: true });
    expect(await checkPassword('🦷🩺💉🧬🫀🫁🧠🦴🩹🌡️🧪🔬')).toEqual({ ok: true });
  });
});

describe('context', () => {
  it('derives distinctive words from the email, the practice and the name', () => {
    expect(contextTokens(context).sort()).toEqual(
      ['jane', 'janedoe', 'sunrise', 'sunrisefamilyclinic', 'sunrisehealth'].sort(),
    );
    expect(contextTokens({})).toEqual([]);
    expect(contextTokens({ email: 'not-an-email' })).toEqual([]);
  });

  it("rejects a password containing the practice's name, in any case or spacing", async () => {
    const expected = { ok: false, reason: 'contextual', message: PASSWORD_MESSAGES.contextual };
    expect(await checkPassword('SunriseFamilyClinic2024', context)).toEqual(expected);
    expect(await checkPassword('i love SUNRISE mornings at work', context)).toEqual(expected);
    expect(PASSWORD_MESSAGES.contextual).toContain("does not contain your name, your email address or your practice's name");
  });

  it('rejects a password containing the email local part or domain name, or the person’s name', async () => {
    for (const password of ['jane.doe-is-my-password', 'my sunrise-health login', 'Jane Doe wrote this one']) {
      expect(await checkPassword(password, context), password).toMatchObject({ ok: false, reason: 'contextual' });
    }
  });

  it('does not reject generic practice words or short name fragments', async () => {
    // "clinic" and "family" are in the practice's name but in thousands of others too; "doe" is short.
    expect(await checkPassword('family clinic orbit violet doe', context)).toEqual({ ok: true });
  });
});

describe('Zod schemas', () => {
  it('ZNewPassword reports the policy message (parsed asynchronously)', async () => {
    const result = await ZNewPassword.safeParseAsync('password1234');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ message: PASSWORD_MESSAGES.common, params: { reason: 'common' } });
    expect((await ZNewPassword.safeParseAsync('correct horse battery staple clinic')).success).toBe(true);
  });

  it('zNewPasswordFor applies the context', async () => {
    const schema = zNewPasswordFor(context);
    const result = await schema.safeParseAsync('sunrise at the lake house');
    expect(result.error?.issues[0]).toMatchObject({ params: { reason: 'contextual' } });
    expect(await schema.parseAsync('correct horse battery staple')).toBe('correct horse battery staple');
  });
});
