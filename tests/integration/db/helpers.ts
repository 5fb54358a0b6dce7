import { databaseErrorMessage } from '@/lib/db/client';

/** The database's reason for a rejected promise (unwrapping Drizzle's "Failed query" wrapper). */
export const rejectionReason = async (promise: Promise<unknown>): Promise<string> => {
  try {
    await promise;
  } catch (error) {
    return databaseErrorMessage(error);
  }
  throw new Error('expected the promise to reject, but it resolved');
};
