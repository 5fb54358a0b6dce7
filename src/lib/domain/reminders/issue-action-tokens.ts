import 'server-only';
import { uuidv7 } from 'uuidv7';
import type { Tx } from '@/lib/db/client';
import { appointmentActionTokens } from '@/lib/db/schema/reminders';
import { createLinkToken } from './link-token';

export type IssueActionTokensOptions = {
  practiceId: string;
  appointmentId: string;
  /** The appointment's start as the message will show it; the links expire then. */
  startsAt: Date;
  reminderId: string | null;
};

/**
 * A confirm and a cancel token for one appointment, stored as hashes in the caller's transaction;
 * the plain tokens are returned once, for the message. They expire when the appointment starts:
 * after that, confirming means nothing and cancelling is a no-show the front desk should record.
 */
export const issueActionTokens = async (tx: Tx, options: IssueActionTokensOptions): Promise<{ confirm: string; cancel: string }> => {
  const confirm = createLinkToken();
  const cancel = createLinkToken();
  const common = {
    practiceId: options.practiceId,
    appointmentId: options.appointmentId,
    reminderId: options.reminderId,
    startsAt: options.startsAt,
    expiresAt: options.startsAt,
  };
  await tx.insert(appointmentActionTokens).values([
    { ...common, id: uuidv7(), action: 'confirm', tokenHash: confirm.tokenHash },
    { ...common, id: uuidv7(), action: 'cancel', tokenHash: cancel.tokenHash },
  ]);
  return { confirm: confirm.token, cancel: cancel.token };
};
