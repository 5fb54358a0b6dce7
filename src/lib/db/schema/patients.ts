import { sql } from 'drizzle-orm';
import { check, date, index, pgTable, text, unique } from 'drizzle-orm/pg-core';
import { idColumn, practiceIdColumn, sqlStringList, syncColumns, timestamptz } from './columns';
import { practices } from './practices';

export const SEXES_AT_BIRTH = ['female', 'male', 'intersex', 'unknown'] as const;
export type SexAtBirth = (typeof SEXES_AT_BIRTH)[number];


/**
 * A patient of a practice: demographics, contact details, emergency contact and primary insurance.
 * The first synced entity (issue #5): every column below is a field that the `patients.update`
 * mutation merges field by field (src/lib/sync/server/merge.ts), which is why contacts and insurance
 * are columns rather than one JSON value — two people changing the phone and the insurer at once
 * must both win.
 *
 * `mrn` is allocated by the server per practice when the patient reaches it (a device shows a
 * provisional number until then). `archived_at` retires a patient from lists without deleting
 * anything; `deleted_at` (a tombstone) is for records entered in error and merged duplicates.
 */
export const patients = pgTable(
  'patients',
  {
    id: idColumn(),
    practiceId: practiceIdColumn().references(() => practices.id),
    mrn: text('mrn').notNull(),
    givenName: text('given_name').notNull(),
    middleName: text('middle_name'),
    familyName: text('family_name').notNull(),
    preferredName: text('preferred_name'),
    /** ISO date (YYYY-MM-DD): a birth date has no time zone. */
    dateOfBirth: date('date_of_birth', { mode: 'string' }).notNull(),
    sexAtBirth: text('sex_at_birth').$type<SexAtBirth>().notNull().default('unknown'),
    genderIdentity: text('gender_identity'),
    pronouns: text('pronouns'),
    /** E.164. */
    phoneMobile: text('phone_mobile'),
    phoneHome: text('phone_home'),
    email: text('email'),
    addressLine1: text('address_line1'),
    addressLine2: text('address_line2'),
    city: text('city'),
    region: text('region'),
    postalCode: text('postal_code'),
    country: text('country'),
    /** BCP 47 tag, e.g. `en`, `es-MX`. */
    preferredLanguage: text('preferred_language'),
    emergencyContactName: text('emergency_contact_name'),
    emergencyContactRelationship: text('emergency_contact_relationship'),
    emergencyContactPhone: text('emergency_contact_phone'),
    insurancePayer: text('insurance_payer'),
    insuranceMemberId: text('insurance_member_id'),
    insuranceGroupNumber: text('insurance_group_number'),
    archivedAt: timestamptz('archived_at'),
    ...syncColumns(),
  },
  (t) => [
    unique('patients_practice_id_id_unique').on(t.practiceId, t.id),
    unique('patients_practice_id_mrn_unique').on(t.practiceId, t.mrn),
    index('patients_practice_id_version_idx').on(t.practiceId, t.version),
    index('patients_practice_id_family_name_idx').on(t.practiceId, sql`lower(${t.familyName})`, sql`lower(${t.givenName})`),
    index('patients_practice_id_date_of_birth_idx').on(t.practiceId, t.dateOfBirth),
    check('patients_sex_at_birth_valid', sql`${t.sexAtBirth} in (${sqlStringList(SEXES_AT_BIRTH)})`),
  ],
);

export type Patient = typeof patients.$inferSelect;
export type NewPatient = typeof patients.$inferInsert;
