import 'server-only';
import { uuidv7 } from 'uuidv7';
import { getConfig } from '@/lib/config/env';
import type { Database } from '@/lib/db/client';
import type { TEmailMessage } from '@/lib/email/message';
import { reminderMessage } from '@/lib/email/reminder-message';
import { sendEmail } from '@/lib/email/send-email';
import { getLogger } from '@/lib/observability/logger';
import { claimDueReminders, type ClaimedReminder } from './claim-due-reminders';
import { finishReminder } from './finish-reminder';

export type SendDueRemindersOptions = {
  database: Database;
  /** The job's clock (tests pass their own). */
  now?: Date;
  /** How mail leaves: SMTP or the development mailbox by default. */
  sendMail?: (message: TEmailMessage) => Promise<unknown>;
  /** `config.appUrl` by default: links must point at the address patients can reach. */
  appUrl?: string;
  /** Reminders claimed per transaction. */
  batchSize?: number;
  /** Batches per run at most, so one run never runs for ever; the next run carries on. */
  maxBatches?: number;
};

export type SendDueRemindersResult = { sent: number; failed: number };

/** The error's type and code only: a mail server's message may quote the recipient's address. */
const errorCodeOf = (error: unknown): string => {
  if (error instanceof Error) {
    const { code } = error as Error & { code?: unknown };
    return typeof code === 'string' ? code : error.name;
  }
  return typeof error;
};

const sendOne = async (reminder: ClaimedReminder, options: Required<Pick<SendDueRemindersOptions, 'sendMail' | 'appUrl'>>, now: Date) => {
  try {
    await options.sendMail(reminderMessage({ ...reminder, appUrl: options.appUrl, now }));
    return { sent: true } as const;
  } catch (error) {
    const errorCode = errorCodeOf(error);
    getLogger().warn({ reminderId: reminder.reminderId, attempt: reminder.attempt, errorCode }, 'reminder email could not be sent');
    return { sent: false, errorCode } as const;
  }
};

/**
 * Sends the reminders that are due (issue #7 §7): claims a batch (claim-due-reminders.ts), sends each
 * message outside any transaction, records each outcome (finish-reminder.ts), and goes on while full
 * batches come back. Safe to run at the same time on any number of app instances: each reminder is
 * claimed by exactly one of them. A failed send is retried by a later run with backoff; a sent one
 * never again for the same start time.
 *
 * The one way a patient can get a reminder twice: the mail server accepted it and this process died
 * (or lost the database) before recording `sent`; after the lease another instance sends it again.
 * Nothing can close that window short of an idempotent mail protocol, and twice is better than never.
 */
export const sendDueReminders = async ({
  database,
  now = new Date(),
  sendMail = (message) => sendEmail(message),
  appUrl = getConfig().appUrl,
  batchSize = 25,
  maxBatches = 20,
}: SendDueRemindersOptions): Promise<SendDueRemindersResult> => {
  const result: SendDueRemindersResult = { sent: 0, failed: 0 };
  for (let batch = 0; batch < maxBatches; batch += 1) {
    const claimed = await claimDueReminders({ database, now, claimId: uuidv7(), limit: batchSize });
    for (const reminder of claimed) {
      const outcome = await sendOne(reminder, { sendMail, appUrl }, now);
      await finishReminder(database, reminder, outcome, now);
      if (outcome.sent) {
        result.sent += 1;
      } else {
        result.failed += 1;
      }
    }
    if (claimed.length < batchSize) {
      break;
    }
  }
  return result;
};
