import { describe, expect, it } from 'vitest';
import {
  DEFAULT_IDLE_TIMEOUT_MINUTES,
  idleTimeoutMinutesOf,
  ZCreateLocation,
  ZCreatePractice,
  ZPhone,
  ZPracticeSecuritySettings,
  ZPracticeSlug,
  ZTimeZone,
  ZUpdatePracticeSecuritySettings,
} from './schemas';

describe('ZPracticeSlug', () => {
  it.each(['riverside', 'harbor-peds', 'a1', 'x'.repeat(63)])('accepts %s', (slug) => {
    expect(ZPracticeSlug.parse(slug)).toBe(slug);
  });

  it('lower-cases and trims', () => {
    expect(ZPracticeSlug.parse('  Riverside ')).toBe('riverside');
  });

  it.each(['a', '-abc', 'abc-', 'a b', 'café', 'a/b', 'x'.repeat(64), ''])('rejects %j', (slug) => {
    expect(ZPracticeSlug.safeParse(slug).success).toBe(false);
  });
});

describe('ZTimeZone', () => {
  it.each(['America/Chicago', 'Europe/Berlin', 'UTC'])('accepts %s', (zone) => {
    expect(ZTimeZone.parse(zone)).toBe(zone);
  });

  it.each(['Mars/Olympus', 'CST6CDT7', '', 'america/chicago'])('rejects %j', (zone) => {
    expect(ZTimeZone.safeParse(zone).success).toBe(false);
  });
});

describe('ZPhone', () => {
  it.each([
    ['+1 (312) 555-0142', '+13125550142'],
    ['312.555.0142', '+13125550142'],
    ['+44 20 7946 0958', '+442079460958'],
  ])('normalizes %s', (input, expected) => {
    expect(ZPhone.parse(input)).toBe(expected);
  });

  it.each(['555-0142', '+0 123 456 789', 'call me', '+1234567890123456'])('rejects %j', (input) => {
    expect(ZPhone.safeParse(input).success).toBe(false);
  });
});

describe('ZCreatePractice / ZCreateLocation', () => {
  it('parses a practice', () => {
    expect(ZCreatePractice.parse({ name: ' Riverside ', slug: 'riverside', timeZone: 'America/Chicago' })).toEqual({
      name: 'Riverside',
      slug: 'riverside',
      timeZone: 'America/Chicago',
    });
  });

  it('defaults the country, drops blank optional fields and normalizes the phone', () => {
    const parsed = ZCreateLocation.parse({
      practiceId: '019ab8c2-4f6e-7000-8000-000000000001',
      name: 'Main clinic',
      addressLine2: '  ',
      timeZone: 'America/Chicago',
      phone: '(312) 555-0142',
    });
    expect(parsed).toMatchObject({ country: 'US', phone: '+13125550142' });
    expect(parsed.addressLine2).toBeUndefined();
  });

  it('treats a blank phone as absent and rejects a bad one', () => {
    const base = { practiceId: '019ab8c2-4f6e-7000-8000-000000000001', name: 'X', timeZone: 'UTC' };
    expect(ZCreateLocation.parse({ ...base, phone: '' }).phone).toBeUndefined();
    expect(ZCreateLocation.safeParse({ ...base, phone: 'n/a' }).success).toBe(false);
    expect(ZCreateLocation.safeParse({ ...base, practiceId: 'nope' }).success).toBe(false);
  });
});

describe('ZPracticeSecuritySettings / idleTimeoutMinutesOf', () => {
  it.each([2, 15, 60])('accepts %i minutes', (minutes) => {
    expect(ZPracticeSecuritySettings.parse({ idleTimeoutMinutes: minutes })).toEqual({ idleTimeoutMinutes: minutes });
  });

  it.each([1, 61, 0, -5, 7.5, '15', null])('rejects %j with the field path', (minutes) => {
    const result = ZPracticeSecuritySettings.safeParse({ idleTimeoutMinutes: minutes });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['idleTimeoutMinutes']);
  });

  it('refuses unknown keys, and a partial update may leave keys out', () => {
    expect(ZPracticeSecuritySettings.safeParse({ idleTimeoutMinutes: 10, mfa: false }).success).toBe(false);
    expect(ZUpdatePracticeSecuritySettings.parse({})).toEqual({});
  });

  it('reads the stored value, and the default for a missing or out-of-bounds one', () => {
    expect(idleTimeoutMinutesOf({ idleTimeoutMinutes: 5 })).toBe(5);
    expect(idleTimeoutMinutesOf({})).toBe(DEFAULT_IDLE_TIMEOUT_MINUTES);
    expect(idleTimeoutMinutesOf({ idleTimeoutMinutes: 240 })).toBe(DEFAULT_IDLE_TIMEOUT_MINUTES);
    expect(idleTimeoutMinutesOf({ idleTimeoutMinutes: 'never' })).toBe(DEFAULT_IDLE_TIMEOUT_MINUTES);
    expect(idleTimeoutMinutesOf(null)).toBe(DEFAULT_IDLE_TIMEOUT_MINUTES);
  });
});
