import { PATIENT_FIELDS, ZPatientFields, type TPatientField } from '@/lib/domain/patients/schemas';
import { allowedResolutions, type TResolveConflict } from '@/lib/sync/mutations/conflicts';

/*
 * The conflict inbox's pure logic (issue #6 §7): what a conflict row says in plain words, the
 * field-by-field comparison of base / mine / theirs, and the merged values a person chose,
 * validated with the patient schema the server uses (CONVENTIONS §4). No I/O, no React.
 */

/** A field value as stored on a patient: text or null. */
export type FieldValue = string | null;

export type ConflictResolutionChoice = TResolveConflict['resolution'];

/** A `conflicts` row as the device holds it (the synced row's JSON, camelCase keys). */
export type LocalConflict = {
  id: string;
  practiceId: string;
  entityTable: string;
  entityId: string | null;
  reason: string;
  mutationName: string;
  authorUserId: string;
  mine: Record<string, unknown>;
  theirs: Record<string, unknown> | null;
  base: Record<string, unknown> | null;
  error: { code: string; message: string } | null;
  status: 'open' | 'resolved';
  resolution: ConflictResolutionChoice | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  createdAt: string;
};

/** Every patient field's label, as the patient form words them. */
export const PATIENT_FIELD_LABELS: Readonly<Record<TPatientField, string>> = {
  givenName: 'Given name',
  middleName: 'Middle name',
  familyName: 'Family name',
  preferredName: 'Preferred name',
  dateOfBirth: 'Date of birth',
  sexAtBirth: 'Sex at birth',
  genderIdentity: 'Gender identity',
  pronouns: 'Pronouns',
  phoneMobile: 'Mobile phone',
  phoneHome: 'Home phone',
  email: 'Email',
  addressLine1: 'Address line 1',
  addressLine2: 'Address line 2',
  city: 'City',
  region: 'State or region',
  postalCode: 'Postal code',
  country: 'Country',
  preferredLanguage: 'Preferred language',
  emergencyContactName: 'Emergency contact',
  emergencyContactRelationship: 'Emergency contact relationship',
  emergencyContactPhone: 'Emergency contact phone',
  insurancePayer: 'Insurance payer',
  insuranceMemberId: 'Insurance member id',
  insuranceGroupNumber: 'Insurance group number',
};

const isPatientField = (field: string): field is TPatientField => Object.hasOwn(PATIENT_FIELD_LABELS, field);

export const fieldLabel = (field: string): string => (isPatientField(field) ? PATIENT_FIELD_LABELS[field] : field);

const REASONS: Readonly<Record<string, { title: string; explanation: string }>> = {
  field_collision: {
    title: 'Changed in two places',
    explanation: 'The same field was changed to different values on two devices. The practice kept the value that arrived first.',
  },
  edit_after_delete: {
    title: 'Edited after archiving',
    explanation: 'This patient was edited on a device after someone archived them. Nothing was saved yet.',
  },
  delete_after_edit: {
    title: 'Archived after an edit',
    explanation: 'The patient was archived on a device after someone else edited them.',
  },
  slot_taken: { title: 'Time slot taken', explanation: 'Another appointment took this time while the change was on its way.' },
  invalid_transition: { title: 'Status no longer possible', explanation: 'The record changed meanwhile, so this status change no longer applies.' },
  note_signed: { title: 'Note already signed', explanation: 'The note was signed meanwhile; a signed note can only be amended.' },
  rejected: { title: 'Change refused', explanation: 'The server refused this change, so it was not saved. Nothing can be applied.' },
};

/** What a conflict's reason means, in words a receptionist understands. */
export const describeReason = (reason: string): { title: string; explanation: string } =>
  REASONS[reason] ?? { title: 'Needs a decision', explanation: 'This change could not be applied automatically.' };

const MUTATIONS: Readonly<Record<string, string>> = {
  'patients.create': 'New patient',
  'patients.update': 'Patient details edited',
  'patients.archive': 'Patient archived or restored',
  'conflicts.resolve': 'Conflict resolved',
  'appointments.book': 'Appointment booked',
  'appointments.reschedule': 'Appointment moved',
  'appointments.transition': 'Appointment status changed',
  'appointment_series.create': 'Recurring appointments booked',
  'appointment_series.edit': 'Recurring appointments changed',
};

/** The change a conflict is about, in words. */
export const describeMutation = (name: string): string => MUTATIONS[name] ?? 'A change';

/** Who made the change: the signed-in person, or someone else (the device knows no other names). */
export const describeAuthor = (authorUserId: string, currentUserId: string): string =>
  authorUserId.toLowerCase() === currentUserId.toLowerCase() ? 'You' : 'A colleague';

const RESOLUTIONS: Readonly<Record<ConflictResolutionChoice, string>> = {
  keep_mine: 'Kept the device’s change',
  keep_theirs: 'Kept the practice’s value',
  merged: 'Saved a merged value',
  dismissed: 'Dismissed',
};

export const describeResolution = (resolution: ConflictResolutionChoice | null): string =>
  resolution === null ? 'Resolved' : RESOLUTIONS[resolution];

/**
 * The buttons the inbox offers: what the server accepts, except that a refused change (which has
 * nothing of the practice's to keep) is only dismissed.
 */
export const offeredResolutions = (reason: string): readonly ConflictResolutionChoice[] => {
  const allowed = allowedResolutions(reason);
  return allowed.includes('dismissed') ? ['dismissed'] : allowed;
};

const asValue = (value: unknown): FieldValue => (value === null || value === undefined ? null : typeof value === 'string' ? value : JSON.stringify(value));

const asRecord = (value: unknown): Record<string, unknown> | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;

/** Keys of a refused mutation's arguments that name the record rather than change it. */
const ADDRESSING = new Set(['id', 'practiceId', 'patientId', 'conflictId']);

/**
 * The three sides of the change, field → value. For a same-field collision or an edit of an archived
 * patient the server stored them as such; for a refused mutation `mine` holds the mutation's
 * arguments, from which the changed fields are taken (`changes` and `base` of an update, the fields
 * of a creation).
 */
export const conflictSides = (
  conflict: Pick<LocalConflict, 'reason' | 'mine' | 'theirs' | 'base'>,
): { mine: Record<string, FieldValue>; base: Record<string, FieldValue> | null; theirs: Record<string, FieldValue> | null } => {
  const values = (record: Record<string, unknown> | null) =>
    record === null ? null : Object.fromEntries(Object.entries(record).filter(([key]) => !ADDRESSING.has(key)).map(([key, value]) => [key, asValue(value)]));
  if (conflict.reason === 'rejected') {
    const changes = asRecord(conflict.mine.changes);
    if (changes !== null) {
      return { mine: values(changes) ?? {}, base: values(asRecord(conflict.mine.base)), theirs: null };
    }
    return { mine: values(conflict.mine) ?? {}, base: null, theirs: null };
  }
  return { mine: values(conflict.mine) ?? {}, base: values(conflict.base), theirs: values(conflict.theirs) };
};

/** One line of the comparison table. `undefined` means that side says nothing about the field. */
export type FieldComparison = {
  field: string;
  label: string;
  base: FieldValue | undefined;
  mine: FieldValue;
  theirs: FieldValue | undefined;
  /** Whether the device's value differs from the practice's (or, without one, from before). */
  differs: boolean;
};

const order = (field: string): number => {
  const index = PATIENT_FIELDS.indexOf(field as TPatientField);
  return index === -1 ? PATIENT_FIELDS.length : index;
};

/**
 * The fields the device changed, in the patient form's order (unknown fields last, by name), each
 * with what it was, what the device wanted and what the practice has now.
 */
export const compareFields = (conflict: Pick<LocalConflict, 'reason' | 'mine' | 'theirs' | 'base'>): FieldComparison[] => {
  const sides = conflictSides(conflict);
  return Object.keys(sides.mine)
    .sort((a, b) => order(a) - order(b) || a.localeCompare(b))
    .map((field) => {
      const mine = sides.mine[field] ?? null;
      const base = sides.base === null || !(field in sides.base) ? undefined : (sides.base[field] ?? null);
      const theirs = sides.theirs === null || !(field in sides.theirs) ? undefined : (sides.theirs[field] ?? null);
      const other = theirs !== undefined ? theirs : base;
      return { field, label: fieldLabel(field), base, mine, theirs, differs: other === undefined || other !== mine };
    });
};

/** For one field of a merge: the device's value, the practice's, or one typed by the person. */
export type FieldChoice = { source: 'mine' } | { source: 'theirs' } | { source: 'edit'; value: string };

/** Where a merge starts: the practice's value for each field (the one already in effect). */
export const initialChoices = (rows: readonly FieldComparison[]): Record<string, FieldChoice> =>
  Object.fromEntries(rows.map((row) => [row.field, row.theirs === undefined ? { source: 'mine' } : { source: 'theirs' }]));

/** The value a choice stands for, before validation (an edit as typed). */
export const chosenValue = (row: FieldComparison, choice: FieldChoice): FieldValue => {
  switch (choice.source) {
    case 'mine':
      return row.mine;
    case 'theirs':
      return row.theirs ?? null;
    case 'edit':
      return choice.value;
  }
};

export type MergedValues =
  | { ok: true; values: Record<string, FieldValue> }
  | { ok: false; errors: Record<string, string> };

/**
 * The `values` of a merged resolution: each compared field with its chosen value, validated and
 * normalised by the patient schema (a phone to E.164, blank to null). The normalised value is what
 * is sent, because the device writes it as is while the server stores the parsed one: sending the
 * parsed value keeps both the same. Errors are per field, with the schema's message (never the
 * value: it is patient data).
 */
export const buildMergedValues = (rows: readonly FieldComparison[], choices: Readonly<Record<string, FieldChoice>>): MergedValues => {
  const input = Object.fromEntries(rows.map((row) => [row.field, chosenValue(row, choices[row.field] ?? { source: 'theirs' })]));
  const parsed = ZPatientFields.partial().strict().safeParse(input);
  if (parsed.success) {
    return { ok: true, values: Object.fromEntries(rows.map((row) => [row.field, asValue((parsed.data as Record<string, unknown>)[row.field])])) };
  }
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : (issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined);
    if (field !== undefined && errors[field] === undefined) {
      errors[field] = issue.code === 'unrecognized_keys' ? 'not a patient field that can be merged' : issue.message;
    }
  }
  return { ok: false, errors };
};

/** "Family, Given" from a patient row or a creation's fields; null when neither names anyone. */
export const patientDisplayName = (patient: Record<string, unknown> | null): string | null => {
  if (patient === null) {
    return null;
  }
  const family = typeof patient.familyName === 'string' ? patient.familyName : '';
  const given = typeof patient.givenName === 'string' ? patient.givenName : '';
  return family === '' && given === '' ? null : `${family}, ${given}`;
};
