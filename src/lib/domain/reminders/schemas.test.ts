import { describe, expect, it } from 'vitest';
import { DEFAULT_REMINDER_LEAD_HOURS, reminderLeadHoursOf, ZCalendarFeedParams, ZUpdateReminderSettings } from './schemas';

describe('reminderLeadHoursOf', () => {
  it('is 24 hours unless the practice says otherwise', () => {
    expect(DEFAULT_REMINDER_LEAD_HOURS).toBe(24);
    expect(reminderLeadHoursOf({})).toBe(24);
    expect(reminderLeadHoursOf(null)).toBe(24);
    expect(reminderLeadHoursOf({ idleTimeoutMinutes: 10 })).toBe(24);
  });

  it('reads a valid value, and null as off', () => {
    expect(reminderLeadHoursOf({ reminderLeadHours: 48 })).toBe(48);
    expect(reminderLeadHoursOf({ reminderLeadHours: 1 })).toBe(1);
    expect(reminderLeadHoursOf({ reminderLeadHours: 168 })).toBe(168);
    expect(reminderLeadHoursOf({ reminderLeadHours: null })).toBeNull();
  });

  it('reads a damaged value as the default, never as off', () => {
    for (const bad of [0, 169, 2.5, '24', true, { hours: 2 }]) {
      expect(reminderLeadHoursOf({ reminderLeadHours: bad }), JSON.stringify(bad)).toBe(24);
    }
  });
});

describe('ZUpdateReminderSettings', () => {
  it('takes 1–168 whole hours or null, nothing else', () => {
    expect(ZUpdateReminderSettings.parse({ reminderLeadHours: 2 })).toEqual({ reminderLeadHours: 2 });
    expect(ZUpdateReminderSettings.parse({ reminderLeadHours: null })).toEqual({ reminderLeadHours: null });
    expect(ZUpdateReminderSettings.safeParse({ reminderLeadHours: 0 }).success).toBe(false);
    expect(ZUpdateReminderSettings.safeParse({ reminderLeadHours: 169 }).success).toBe(false);
    expect(ZUpdateReminderSettings.safeParse({ reminderLeadHours: 1.5 }).success).toBe(false);
    expect(ZUpdateReminderSettings.safeParse({ reminderLeadHours: 24, other: 1 }).success).toBe(false);
  });
});

describe('ZCalendarFeedParams', () => {
  it('takes a 43-character token, with or without .ics', () => {
    const token = 'a'.repeat(40) + '_-Z';
    expect(ZCalendarFeedParams.parse({ token })).toEqual({ token });
    expect(ZCalendarFeedParams.parse({ token: `${token}.ics` })).toEqual({ token });
    expect(ZCalendarFeedParams.safeParse({ token: 'short' }).success).toBe(false);
    expect(ZCalendarFeedParams.safeParse({ token: `${token}x` }).success).toBe(false);
  });
});
