import { z } from 'zod';

/*
 * Field schemas for practices and locations, defined once and shared by forms (zodResolver), the
 * client mutators and the server (CONVENTIONS §4). No server imports: this module is bundled for
 * the browser too.
 */

/** UUID of any version (ids are UUIDv7, but ids born elsewhere are not rejected for their version). */
export const ZUuid = z.uuid({ error: 'expected a UUID' });

/**
 * URL-safe practice handle: 2–63 lower-case letters, digits and inner hyphens. The database has
 * the same rule as a check constraint (`practices_slug_format` in src/lib/db/schema/practices.ts).
 */
export const ZPracticeSlug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$/, {
    error: 'use 2 to 63 lower-case letters, digits or hyphens, not starting or ending with a hyphen',
  });

let timeZones: ReadonlySet<string> | undefined;

/** IANA zone names this runtime knows, plus `UTC` (which `supportedValuesOf` omits in V8). */
const knownTimeZones = (): ReadonlySet<string> => {
  timeZones ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
  return timeZones;
};

/** An IANA time zone name such as `America/Chicago`. */
export const ZTimeZone = z
  .string()
  .trim()
  .refine((value) => knownTimeZones().has(value), { error: 'expected an IANA time zone such as America/Chicago' });

/**
 * A phone number, E.164-ish: written with spaces, dots, dashes or parentheses and a leading `+`
 * (or a 10-digit North American number), stored normalized as `+` and 7–15 digits.
 */
export const ZPhone = z
  .string()
  .trim()
  .transform((value) => {
    const compact = value.replace(/[\s().-]/g, '');
    return /^\d{10}$/.test(compact) ? `+1${compact}` : compact;
  })
  .pipe(z.string().regex(/^\+[1-9]\d{6,14}$/, { error: 'expected a phone number such as +1 312 555 0142' }));

/** ISO 3166-1 alpha-2 country code, stored upper case. */
export const ZCountryCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, { error: 'expected a two-letter country code such as US' });

const zName = (max: number) =>
  z.string().trim().min(1, { error: 'required' }).max(max, { error: `at most ${max} characters` });

/** Optional free text: blank means absent. */
const zOptionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: `at most ${max} characters` })
    .transform((value) => (value === '' ? undefined : value))
    .optional();

export const ZPracticeSettings = z.record(z.string(), z.unknown());

/** Minutes without activity after which a session is signed out (HIPAA automatic logoff). */
export const DEFAULT_IDLE_TIMEOUT_MINUTES = 15;
/**
 * Bounds of the idle timeout (HIPAA §164.312(a)(2)(iii), automatic logoff):
 * - at least 2 minutes, because the browser warns a minute before signing out (IdleLock): with 1
 *   minute the warning would show the moment someone stops typing;
 * - at most 60 minutes: a workstation left unattended for longer than an hour showing patient data
 *   is what automatic logoff exists to prevent. A stored value outside the bounds reads as the
 *   default (see idleTimeoutMinutesOf), which is never longer than the maximum.
 */
export const MIN_IDLE_TIMEOUT_MINUTES = 2;
export const MAX_IDLE_TIMEOUT_MINUTES = 60;
export const ZIdleTimeoutMinutes = z
  .number({ error: 'enter a number of minutes' })
  .int({ error: 'expected whole minutes' })
  .min(MIN_IDLE_TIMEOUT_MINUTES, { error: `at least ${MIN_IDLE_TIMEOUT_MINUTES} minutes` })
  .max(MAX_IDLE_TIMEOUT_MINUTES, { error: `at most ${MAX_IDLE_TIMEOUT_MINUTES} minutes` });

/**
 * The idle timeout a practice's settings ask for; a missing or invalid value means the default,
 * so a bad settings row can never switch automatic logoff off.
 */
export const idleTimeoutMinutesOf = (settings: unknown): number => {
  const value = ZPracticeSettings.safeParse(settings).data?.idleTimeoutMinutes;
  const parsed = ZIdleTimeoutMinutes.safeParse(value);
  return parsed.success ? parsed.data : DEFAULT_IDLE_TIMEOUT_MINUTES;
};

/**
 * A practice's security settings as the settings page shows and edits them. Each key is also a key
 * of `practices.settings` (jsonb), so an update merges exactly these keys into the row.
 */
export const ZPracticeSecuritySettings = z.strictObject({
  idleTimeoutMinutes: ZIdleTimeoutMinutes,
});
export type TPracticeSecuritySettings = z.infer<typeof ZPracticeSecuritySettings>;

/** Body of PATCH /api/v1/practices/[practiceId]/settings/security: the keys to change. */
export const ZUpdatePracticeSecuritySettings = ZPracticeSecuritySettings.partial();
export type TUpdatePracticeSecuritySettings = z.infer<typeof ZUpdatePracticeSecuritySettings>;

/** The security settings stored in `settings`, with defaults for what is unset or invalid. */
export const securitySettingsOf = (settings: unknown): TPracticeSecuritySettings => ({
  idleTimeoutMinutes: idleTimeoutMinutesOf(settings),
});

/** Body of POST /api/v1/session/active-practice. */
export const ZSetActivePractice = z.strictObject({ practiceId: ZUuid });
export type TSetActivePractice = z.infer<typeof ZSetActivePractice>;

export const ZCreatePractice = z.object({
  /** Client-generated UUIDv7 (DESIGN §4); the server generates one when absent. */
  id: ZUuid.optional(),
  name: zName(200),
  slug: ZPracticeSlug,
  timeZone: ZTimeZone,
  settings: ZPracticeSettings.optional(),
});
export type TCreatePractice = z.infer<typeof ZCreatePractice>;

export const ZCreateLocation = z.object({
  id: ZUuid.optional(),
  practiceId: ZUuid,
  name: zName(200),
  addressLine1: zOptionalText(200),
  addressLine2: zOptionalText(200),
  city: zOptionalText(100),
  region: zOptionalText(100),
  postalCode: zOptionalText(20),
  country: ZCountryCode.default('US'),
  timeZone: ZTimeZone,
  phone: z
    .string()
    .trim()
    .transform((value) => (value === '' ? undefined : value))
    .pipe(ZPhone.optional())
    .optional(),
});
export type TCreateLocation = z.infer<typeof ZCreateLocation>;

/** Route segment naming a practice; a malformed id names nothing (404). */
export const ZPracticeParams = z.object({ practiceId: ZUuid });
