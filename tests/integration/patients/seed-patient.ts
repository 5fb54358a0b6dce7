import type { TRole } from '@/lib/auth/permissions';
import type { Database } from '@/lib/db/client';
import type { TCreatePatient } from '@/lib/domain/patients/schemas';
import { executeMutation } from '@/lib/sync/server/execute-mutation';
import { patientArgs } from '../../factories/patients';

export const SEED_REQUEST = { requestId: 'seed-patient', ipAddress: '127.0.0.1', userAgent: 'vitest' };

/**
 * A patient of `practiceId`, created by `userId` (a member with `role`, which must hold
 * patients.write) through the mutation executor: patients are written only through it, in tests too
 * (the one write path). Returns the mutation's arguments (the patient's id and fields).
 */
export const seedPatient = async (
  database: Database,
  { practiceId, userId, role = 'front_desk' }: { practiceId: string; userId: string; role?: TRole },
  overrides: Partial<TCreatePatient> = {},
): Promise<TCreatePatient> => {
  const args = patientArgs(practiceId, overrides);
  await executeMutation({
    database,
    actor: { userId, memberships: [{ practiceId, role }] },
    name: 'patients.create',
    args,
    request: SEED_REQUEST,
  });
  return args;
};
