import type { LocalPatient } from '@/lib/local/patient-list-query';

/** "Doe, Jane (Janie)": how the list sorts and shows a patient. */
export const listName = (patient: Pick<LocalPatient, 'familyName' | 'givenName' | 'preferredName'>): string =>
  `${patient.familyName ?? ''}, ${patient.givenName ?? ''}${patient.preferredName ? ` (${patient.preferredName})` : ''}`;

/** "Jane Doe": how a sentence names a patient. */
export const displayName = (patient: Pick<LocalPatient, 'familyName' | 'givenName'>): string => [patient.givenName, patient.familyName].filter(Boolean).join(' ');
