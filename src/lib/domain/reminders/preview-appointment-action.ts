import 'server-only';
import { AppError } from '@/lib/api/errors';
import type { Database } from '@/lib/db/client';
import { unsafeSystemTx } from '@/lib/db/tx';
import { appointmentActionState } from './action-state';
import { INVALID_ACTION_LINK_MESSAGE, type TAppointmentActionPreview } from './schemas';
import { unsafeFindActionToken } from './unsafe-find-action-token';

export type PreviewAppointmentActionOptions = {
  database: Database;
  token: string;
  now?: Date;
};

/**
 * What a reminder link offers, before the patient presses the button (so a mail scanner that opens
 * links changes nothing): the action, where the link stands, and the appointment's practice and
 * time. An unknown token is NOT_FOUND with the one invalid-link message. Reads only.
 */
export const previewAppointmentAction = async ({ database, token, now = new Date() }: PreviewAppointmentActionOptions): Promise<TAppointmentActionPreview> => {
  const found = await unsafeSystemTx(database, (tx) => unsafeFindActionToken(tx, token, { lock: false }));
  if (found === null) {
    throw new AppError('NOT_FOUND', INVALID_ACTION_LINK_MESSAGE);
  }
  return {
    action: found.token.action,
    state: appointmentActionState(found.token, found.appointment, now),
    practiceName: found.practiceName,
    // The time the email showed: a link never tells its holder about a time it did not carry.
    startsAt: found.token.startsAt.toISOString(),
    timeZone: found.timeZone,
  };
};
