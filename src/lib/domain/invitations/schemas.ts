import { z } from 'zod';
import { checkPassword, type TPasswordContext } from '@/lib/auth/password-policy';
import { ZRole } from '@/lib/auth/permissions';
import { ZEmail } from '@/lib/domain/identity/schemas';
import { ZPracticeParams, ZUuid } from '@/lib/domain/practices/schemas';

/*
 * Invitation schemas, shared by the Team page and invitation forms (zodResolver) and the server
 * (CONVENTIONS §4). No server imports: bundled for the browser too.
 */

/** Days an invitation link stays valid after it is sent (or resent). */
export const INVITATION_VALID_DAYS = 7;

/**
 * The token in an invitation link: 32 random bytes, base64url without padding (43 characters).
 * Anything else names no invitation; the message is the one every invalid link gets.
 */
export const ZInvitationToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, { error: 'This invitation link is not valid or has expired.' });

/** Route segments naming an invitation of a practice; a malformed id names nothing (404). */
export const ZInvitationParams = ZPracticeParams.extend({ invitationId: ZUuid });

/** Body of POST /api/v1/practices/[practiceId]/invitations (and the invite dialog). */
export const ZInviteMember = z.strictObject({ email: ZEmail, role: ZRole });
export type TInviteMember = z.infer<typeof ZInviteMember>;

/** Body of POST /api/v1/invitations/preview: POST so the token stays out of URLs and logs. */
export const ZPreviewInvitation = z.strictObject({ token: ZInvitationToken });
export type TPreviewInvitation = z.infer<typeof ZPreviewInvitation>;

const ZPersonName = z.string().trim().min(1, { error: 'required' }).max(200, { error: 'at most 200 characters' });

/**
 * Body of POST /api/v1/invitations/accept. `name` and `password` are only for a person without an
 * account; the password policy needs the practice's name and the invited email as context, which
 * only the server knows for sure, so it is checked in the domain function (422 on `password`).
 * Never trimmed: spaces are part of a password.
 */
export const ZAcceptInvitation = z.strictObject({
  token: ZInvitationToken,
  name: ZPersonName.optional(),
  password: z.string().max(1024, { error: 'too long' }).optional(),
});
export type TAcceptInvitation = z.infer<typeof ZAcceptInvitation>;

/**
 * The "create your account" form on the invitation page, with the password policy's context from
 * the preview (practice name, invited email) plus the name typed. Asynchronous (the policy loads
 * its dictionaries on first use): `zodResolver` parses it with `parseAsync`.
 */
export const zAcceptInvitationForm = (context: Pick<TPasswordContext, 'email' | 'practiceName'>) =>
  z
    .object({
      name: ZPersonName,
      password: z.string().max(1024, { error: 'too long' }),
    })
    .superRefine(async (value, ctx) => {
      const verdict = await checkPassword(value.password, { ...context, name: value.name });
      if (!verdict.ok) {
        ctx.addIssue({ code: 'custom', path: ['password'], message: verdict.message, params: { reason: verdict.reason } });
      }
    });
export type TAcceptInvitationForm = z.infer<ReturnType<typeof zAcceptInvitationForm>>;

/** The one answer for an unknown, expired, revoked or already-used link (issue #4 §4). */
export const INVALID_INVITATION_MESSAGE = 'This invitation link is not valid or has expired.';

/** A pending invitation as the Team page lists it. */
export const ZInvitationListItem = z.object({
  id: ZUuid,
  email: z.string(),
  role: ZRole,
  invitedByName: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string(),
  expired: z.boolean(),
});
export type TInvitationListItem = z.infer<typeof ZInvitationListItem>;

/**
 * What the invitation page learns from a token. Details only for a link that can still be
 * accepted; for any other state the page shows the one invalid-link message.
 */
export const ZInvitationPreview = z.discriminatedUnion('state', [
  z.object({
    state: z.literal('pending'),
    practiceName: z.string(),
    role: ZRole,
    email: z.string(),
    inviterName: z.string().nullable(),
    expiresAt: z.string(),
    /** Whether an account with the invited email exists (then the invitee signs in first). */
    accountExists: z.boolean(),
    /** Who is signed in in this browser, relative to the invitation. */
    viewer: z.enum(['signed-out', 'invitee', 'other-user']),
  }),
  z.object({ state: z.enum(['expired', 'accepted', 'revoked']) }),
]);
export type TInvitationPreview = z.infer<typeof ZInvitationPreview>;

/** What inviting and resending answer: the invitation, and whether its email went out. */
export type TInvitationSent = {
  invitation: TInvitationListItem;
  emailSent: boolean;
  /** Set when the email could not be sent: the invitation stays and can be resent. */
  message?: string;
};
