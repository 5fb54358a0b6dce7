import { describe, expect, it } from 'vitest';

import type { LocalPatient } from '@/lib/local/patient-list-query';

import { displayName, listName } from './patient-names';

const patient = (overrides: Partial<LocalPatient>): LocalPatient => ({ givenName: 'Jane', familyName: 'Doe', preferredName: null, ...overrides }) as LocalPatient;

describe('patient names', () => {
  it('lists family name first, with the preferred name', () => {
    expect(listName(patient({}))).toBe('Doe, Jane');
    expect(listName(patient({ preferredName: 'Janie' }))).toBe('Doe, Jane (Janie)');
  });

  it('names a patient in a sentence given name first, without gaps for a missing part', () => {
    expect(displayName(patient({}))).toBe('Jane Doe');
    expect(displayName(patient({ givenName: null }))).toBe('Doe');
  });
});
