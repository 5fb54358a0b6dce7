import type { z } from 'zod';

import { ZPatientFields, type TPatientField } from '@/lib/domain/patients/schemas';
import type { LocalPatient } from '@/lib/local/patient-list-query';

/*
 * The fields the patient dialog edits (a first cut of the chart's demographics), validated by the
 * same Zod schema the mutations and the server use (CONVENTIONS §4).
 */

export const ZPatientForm = ZPatientFields.pick({
  givenName: true,
  middleName: true,
  familyName: true,
  preferredName: true,
  dateOfBirth: true,
  sexAtBirth: true,
  phoneMobile: true,
  phoneHome: true,
  email: true,
});
export type TPatientFormInput = z.input<typeof ZPatientForm>;
export type TPatientFormOutput = z.output<typeof ZPatientForm>;

export const FORM_FIELDS = Object.keys(ZPatientForm.shape) as (keyof TPatientFormOutput & TPatientField)[];

export const emptyPatientForm = (): TPatientFormInput => ({
  givenName: '',
  middleName: '',
  familyName: '',
  preferredName: '',
  dateOfBirth: '',
  sexAtBirth: 'unknown',
  phoneMobile: '',
  phoneHome: '',
  email: '',
});

/** The form's starting values for a patient on the device (null shown as blank). */
export const patientFormValues = (patient: LocalPatient): TPatientFormInput => ({
  givenName: patient.givenName ?? '',
  middleName: patient.middleName ?? '',
  familyName: patient.familyName ?? '',
  preferredName: patient.preferredName ?? '',
  dateOfBirth: patient.dateOfBirth ?? '',
  sexAtBirth: patient.sexAtBirth ?? 'unknown',
  phoneMobile: patient.phoneMobile ?? '',
  phoneHome: patient.phoneHome ?? '',
  email: patient.email ?? '',
});

/**
 * The `patients.update` arguments for what the form changed: only the fields whose value differs,
 * each with the value the device had before (`base`, for the server's three-way merge). Null when
 * nothing changed.
 */
export const patientChanges = (patient: LocalPatient, values: TPatientFormOutput) => {
  const changes: Partial<Record<TPatientField, string | null>> = {};
  const base: Partial<Record<TPatientField, string | null>> = {};
  for (const field of FORM_FIELDS) {
    const before = patient[field] ?? null;
    const after = values[field] ?? null;
    if (after !== before) {
      changes[field] = after;
      base[field] = before;
    }
  }
  return Object.keys(changes).length === 0 ? null : { changes, base };
};

/** The form field a mutation's field error names (`changes.phoneMobile`, `phoneMobile`), if it is one of ours. */
export const formFieldOf = (path: string) => FORM_FIELDS.find((field) => path === field || path.endsWith(`.${field}`));
