import { z } from 'zod';
import { ZCountryCode, ZPhone, ZUuid } from '@/lib/domain/practices/schemas';

/*
 * Patient field schemas, defined once for forms, the device's mutators and the server
 * (CONVENTIONS §4). Browser-safe: Zod only. Messages never repeat the input (it is patient data).
 */

// Every patient field is one line of text. Control characters (a NUL, which PostgreSQL cannot
// store, a newline pasted into a name) are refused here rather than failing deep in the database.
const SINGLE_LINE = /^[^\p{Cc}]*$/u;
const singleLine = { error: 'contains a line break or control character' } as const;

const zRequiredText = (max: number) =>
  z.string().trim().min(1, { error: 'required' }).max(max, { error: `at most ${max} characters` }).regex(SINGLE_LINE, singleLine);

/** Optional text: blank means cleared (null), so a form can empty a field. */
const zNullableText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: `at most ${max} characters` })
    .regex(SINGLE_LINE, singleLine)
    .transform((value) => (value === '' ? null : value))
    .nullable();

const blankToNull = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? null : value);

const zNullable = <T extends z.ZodType>(schema: T) => z.preprocess(blankToNull, schema.nullable());

/** Earliest birth date accepted: older is a typing error, not a patient. */
const OLDEST_BIRTH_DATE = '1880-01-01';

const isRealDate = (value: string): boolean => {
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value);
};

/** A birth date, `YYYY-MM-DD`, a real calendar day, not in the future (by the device's clock). */
export const ZDateOfBirth = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a date such as 1984-07-19' })
  .refine(isRealDate, { error: 'not a calendar date' })
  .refine((value) => value >= OLDEST_BIRTH_DATE, { error: 'too far in the past' })
  .refine((value) => value <= new Date().toISOString().slice(0, 10), { error: 'cannot be in the future' });

export const ZSexAtBirth = z.enum(['female', 'male', 'intersex', 'unknown']);

/** BCP 47 language tag, simplified: `en`, `es-MX`, `zh-Hant`. */
export const ZLanguageTag = z
  .string()
  .trim()
  .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, { error: 'expected a language code such as en or es-MX' });

/** Every field of a patient that people edit; each is merged on its own (DESIGN §5 conflict policy). */
export const ZPatientFields = z.object({
  givenName: zRequiredText(100),
  middleName: zNullableText(100),
  familyName: zRequiredText(100),
  preferredName: zNullableText(100),
  dateOfBirth: ZDateOfBirth,
  sexAtBirth: ZSexAtBirth,
  genderIdentity: zNullableText(100),
  pronouns: zNullableText(50),
  phoneMobile: zNullable(ZPhone),
  phoneHome: zNullable(ZPhone),
  email: zNullable(z.string().trim().toLowerCase().pipe(z.email({ error: 'expected an email address' })).pipe(z.string().max(254))),
  addressLine1: zNullableText(200),
  addressLine2: zNullableText(200),
  city: zNullableText(100),
  region: zNullableText(100),
  postalCode: zNullableText(20),
  country: zNullable(ZCountryCode),
  preferredLanguage: zNullable(ZLanguageTag),
  emergencyContactName: zNullableText(200),
  emergencyContactRelationship: zNullableText(100),
  emergencyContactPhone: zNullable(ZPhone),
  insurancePayer: zNullableText(200),
  insuranceMemberId: zNullableText(64),
  insuranceGroupNumber: zNullableText(64),
});
export type TPatientFields = z.infer<typeof ZPatientFields>;
export type TPatientField = keyof TPatientFields;

/** The field names, in form order. */
export const PATIENT_FIELDS = Object.keys(ZPatientFields.shape) as TPatientField[];

/** Fields a new patient must have; the others default to null (sex at birth to `unknown`). */
export const ZCreatePatient = ZPatientFields.partial()
  .required({ givenName: true, familyName: true, dateOfBirth: true })
  .extend({
    /** Born on the device (UUIDv7). */
    id: ZUuid,
    practiceId: ZUuid,
  })
  .strict();
export type TCreatePatient = z.infer<typeof ZCreatePatient>;

/** A field's value as stored: text or null (sex at birth and dates are text too). */
export const ZStoredFieldValue = z.string().nullable();

/**
 * A field-level update: the new values, and for each the value the device saw before it changed
 * it (`base`), which the server's three-way merge compares with its current value.
 */
export const ZUpdatePatient = z
  .object({
    practiceId: ZUuid,
    patientId: ZUuid,
    changes: ZPatientFields.partial().strict(),
    base: z.partialRecord(z.enum(PATIENT_FIELDS as [TPatientField, ...TPatientField[]]), ZStoredFieldValue),
  })
  .strict()
  .refine((value) => Object.keys(value.changes).length > 0, { error: 'nothing to change', path: ['changes'] })
  .refine((value) => Object.keys(value.changes).every((field) => field in value.base), {
    error: 'each changed field needs its base value',
    path: ['base'],
  });
export type TUpdatePatient = z.infer<typeof ZUpdatePatient>;

/** Archive (retire from lists) or bring back a patient. */
export const ZArchivePatient = z
  .object({ practiceId: ZUuid, patientId: ZUuid, archived: z.boolean().default(true) })
  .strict();
export type TArchivePatient = z.infer<typeof ZArchivePatient>;

/** How a device shows a patient's number before the server has allocated the real one. */
export const PROVISIONAL_MRN_PREFIX = 'NEW-';
export const provisionalMrn = (patientId: string): string => `${PROVISIONAL_MRN_PREFIX}${patientId.slice(-6).toUpperCase()}`;

/** A medical record number as the server allocates it: the practice's sequence, six digits or more. */
export const formatMrn = (sequence: number): string => String(sequence).padStart(6, '0');
