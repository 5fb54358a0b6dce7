import { randomBytes } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import type { TCreatePatient } from '@/lib/domain/patients/schemas';

const GIVEN = ['Amara', 'Luis', 'Mei', 'Noah', 'Olga', 'Ravi', 'Sofia', 'Tomas'];
const FAMILY = ['Okafor', 'Garcia', 'Chen', 'Miller', 'Ivanova', 'Patel', 'Rossi', 'Novak'];

/**
 * Arguments of a `patients.create` mutation with unique, plausible defaults. Not a row writer:
 * patients are written only through the mutation executor (the one write path).
 */
export const patientArgs = (practiceId: string, overrides: Partial<TCreatePatient> = {}): TCreatePatient => {
  const n = randomBytes(1)[0] ?? 0;
  return {
    id: uuidv7(),
    practiceId,
    givenName: GIVEN[n % GIVEN.length] ?? 'Amara',
    familyName: `${FAMILY[(n >> 3) % FAMILY.length] ?? 'Okafor'}-${randomBytes(2).toString('hex')}`,
    dateOfBirth: `19${50 + (n % 50)}-0${1 + (n % 9)}-1${n % 10}`,
    phoneMobile: `+1312555${String(1000 + (n % 9000)).padStart(4, '0')}`,
    ...overrides,
  };
};
