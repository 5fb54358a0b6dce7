import 'server-only';
import type { TRole } from '@/lib/auth/permissions';
import { invitationMessage } from '@/lib/email/invitation-message';
import type { TEmailMessage } from '@/lib/email/message';
import { sendEmail } from '@/lib/email/send-email';
import { getLogger } from '@/lib/observability/logger';

/**
 * How invitation emails leave: the public origin for the link and the sender (SMTP or the
 * development mailbox by default; tests pass their own, e.g. the dev mailbox of a temp directory).
 */
export type InvitationMail = {
  /** `config.appUrl`: links must point at the address people use, not at the request's host. */
  appUrl: string;
  send?: (message: TEmailMessage) => Promise<unknown>;
};

/** Shown when the invitation was saved but its email did not go out. */
export const EMAIL_NOT_SENT_MESSAGE =
  'The invitation was saved, but its email could not be sent. Check the mail settings, then use “Resend”.';

export type InvitationEmailFacts = {
  to: string;
  token: string;
  role: TRole;
  expiresAt: Date;
  practiceName: string;
  timeZone: string;
  inviterName: string | null;
  invitationId: string;
  requestId: string;
};

/**
 * Sends an invitation email, after the invitation's transaction has committed: a mail server that
 * is down must not undo the invitation (it can be resent), and a rolled-back invitation must never
 * have been mailed. Returns whether it went out; a failure is logged without the address or token.
 */
export const sendInvitationEmail = async (mail: InvitationMail, facts: InvitationEmailFacts): Promise<boolean> => {
  const message = invitationMessage({ ...facts, appUrl: mail.appUrl });
  try {
    await (mail.send ?? ((m: TEmailMessage) => sendEmail(m)))(message);
    return true;
  } catch (error) {
    // Only the error's type and code: a mail server's message may quote the recipient's address.
    const { name, code } = error instanceof Error ? (error as Error & { code?: unknown }) : { name: typeof error, code: undefined };
    getLogger().warn(
      { errorType: name, errorCode: typeof code === 'string' ? code : undefined, invitationId: facts.invitationId, requestId: facts.requestId },
      'invitation email could not be sent',
    );
    return false;
  }
};
