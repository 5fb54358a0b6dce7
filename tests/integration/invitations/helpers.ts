import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { and, count, eq } from 'drizzle-orm';
import { AppError } from '@/lib/api/errors';
import type { Database } from '@/lib/db/client';
import { auditLog } from '@/lib/db/schema/audit';
import { practiceInvitations } from '@/lib/db/schema/invitations';
import type { InvitationMail } from '@/lib/domain/invitations/send-invitation-email';
import { listDevMailbox } from '@/lib/email/dev-mailbox';
import { sendEmail } from '@/lib/email/send-email';

export const APP_URL = 'http://localhost:3000';
export const request = { requestId: 'req-invitations', ipAddress: '127.0.0.1' };

/** The AppError code a call fails with, or 'ok'. */
export const codeOf = async (work: Promise<unknown>) =>
  work.then(
    () => 'ok',
    (error: unknown) => (error instanceof AppError ? error.code : String(error)),
  );

/**
 * A real development mailbox in a temporary directory, through the real `sendEmail` with a config
 * without SMTP: what the app does on a laptop, minus the process configuration.
 */
export const createTestMailbox = async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'openpractice-mailbox-'));
  const mail: InvitationMail = {
    appUrl: APP_URL,
    send: (message) => sendEmail(message, { dataDir, email: { smtpUrl: undefined, from: 'OpenPractice <no-reply@localhost>' } }),
  };
  return {
    mail,
    /** Messages to `to`, newest first. */
    messagesTo: async (to: string) => (await listDevMailbox(dataDir)).filter((message) => message.to === to),
    /** The token of the newest invitation link sent to `to`. */
    latestToken: async (to: string): Promise<string> => {
      const [message] = (await listDevMailbox(dataDir)).filter((m) => m.to === to);
      const match = /\/invite#token=([A-Za-z0-9_-]+)/.exec(message?.text ?? '');
      if (!match?.[1]) {
        throw new Error(`no invitation link mailed to ${to}`);
      }
      return match[1];
    },
    dispose: () => rm(dataDir, { recursive: true, force: true }),
  };
};

/** Rows of practice_invitations of a practice (owner connection). */
export const invitationsOf = (database: Database, practiceId: string) =>
  database.db.select().from(practiceInvitations).where(eq(practiceInvitations.practiceId, practiceId));

/** Audit entries of a practice with `action`. */
export const auditOf = (database: Database, practiceId: string, action: string) =>
  database.db.select().from(auditLog).where(and(eq(auditLog.practiceId, practiceId), eq(auditLog.action, action)));

/** How many audit entries a practice's chain has: "nothing written" checks compare it. */
export const auditCount = async (database: Database, practiceId: string) => {
  const [row] = await database.db.select({ n: count() }).from(auditLog).where(eq(auditLog.practiceId, practiceId));
  return row?.n ?? 0;
};
