import { describe, expect, it } from 'vitest';

import { ZUpdatePatient } from '@/lib/domain/patients/schemas';
import type { LocalPatient } from '@/lib/local/patient-list-query';

import { formFieldOf, patientChanges, patientFormValues, ZPatientForm } from './patient-form-fields';

const patient = {
  id: '0193a0c4-6a3e-7b3c-9f00-000000000001',
  practiceId: '0193a0c4-6a3e-7b3c-9f00-000000000002',
  givenName: 'Maria',
  familyName: 'Alvarez',
  dateOfBirth: '1984-07-19',
  sexAtBirth: 'female',
  phoneMobile: '+13125550142',
  phoneHome: null,
  email: null,
  mrn: '000042',
} as unknown as LocalPatient;

describe('patient form', () => {
  it('turns an unchanged form into no update, and a changed phone into a valid patients.update with its base', () => {
    const unchanged = ZPatientForm.parse(patientFormValues(patient));
    expect(patientChanges(patient, unchanged)).toBeNull();

    const edited = ZPatientForm.parse({ ...patientFormValues(patient), phoneMobile: '(312) 555-0199', phoneHome: '' });
    const update = patientChanges(patient, edited);
    expect(update).toEqual({ changes: { phoneMobile: '+13125550199' }, base: { phoneMobile: '+13125550142' } });
    expect(ZUpdatePatient.safeParse({ practiceId: patient.practiceId, patientId: patient.id, ...update }).success).toBe(true);
  });

  it('reports field errors from the shared schema, never echoing the input', () => {
    const result = ZPatientForm.safeParse({ ...patientFormValues(patient), givenName: ' ', dateOfBirth: '19/07/84', phoneMobile: 'call me' });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['givenName', 'dateOfBirth', 'phoneMobile']));
    expect(JSON.stringify(result.error?.issues.map((issue) => issue.message))).not.toContain('call me');
  });

  it('maps a mutation field path to the form field', () => {
    expect(formFieldOf('changes.phoneMobile')).toBe('phoneMobile');
    expect(formFieldOf('dateOfBirth')).toBe('dateOfBirth');
    expect(formFieldOf('base')).toBeUndefined();
  });
});
