import { ROLE_LABELS, type TRole } from '@/lib/auth/permissions';
import type { TEmailMessage } from './message';

/*
 * The invitation email. It names the practice, the role, the person who invited and when the
 * link expires, and carries the link — nothing else: no patient data (DESIGN §6), and the token
 * travels in the URL fragment (`/invite#token=…`), which browsers never send to a server, so it
 * stays out of access logs, proxies and Referer headers. Pure, so it is unit-tested as is.
 */

export type InvitationMessageInput = {
  to: string;
  practiceName: string;
  /** Null when the inviter's name is unknown (e.g. their account was removed). */
  inviterName: string | null;
  role: TRole;
  /** The public origin, `config.appUrl` (no trailing slash). */
  appUrl: string;
  token: string;
  expiresAt: Date;
  /** The practice's IANA zone, for the expiry shown to the invitee. */
  timeZone: string;
};

/** The link an invitee opens: the token in the fragment, never in the path or query. */
export const invitationLink = (appUrl: string, token: string): string =>
  `${appUrl.replace(/\/+$/, '')}/invite#token=${encodeURIComponent(token)}`;

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const formatExpiry = (expiresAt: Date, timeZone: string): string => {
  // dateStyle/timeStyle cannot be combined with timeZoneName, hence the explicit fields.
  const options: Intl.DateTimeFormatOptions = {
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  };
  try {
    return new Intl.DateTimeFormat('en-US', { ...options, timeZone }).format(expiresAt);
  } catch {
    // An unknown zone (bad data) must not stop the invitation: fall back to UTC.
    return new Intl.DateTimeFormat('en-US', { ...options, timeZone: 'UTC' }).format(expiresAt);
  }
};

/** Subject, plain text and HTML of an invitation to join a practice. */
export const invitationMessage = (input: InvitationMessageInput): TEmailMessage => {
  const link = invitationLink(input.appUrl, input.token);
  const role = ROLE_LABELS[input.role];
  const expiry = formatExpiry(input.expiresAt, input.timeZone);
  const who = input.inviterName ?? 'A colleague';
  const subject = `You're invited to join ${input.practiceName} on OpenPractice`.slice(0, 200);
  const text = [
    `${who} invited you to join ${input.practiceName} on OpenPractice as ${role}.`,
    '',
    'Accept the invitation:',
    link,
    '',
    `The link works once and expires on ${expiry}.`,
    'If you did not expect this invitation, you can ignore this email.',
  ].join('\n');
  const html = [
    '<!doctype html>',
    '<html><body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #111">',
    `<p>${escapeHtml(who)} invited you to join <strong>${escapeHtml(input.practiceName)}</strong> on OpenPractice as <strong>${escapeHtml(role)}</strong>.</p>`,
    `<p><a href="${escapeHtml(link)}">Accept the invitation</a></p>`,
    `<p>The link works once and expires on ${escapeHtml(expiry)}.</p>`,
    '<p style="color: #555">If you did not expect this invitation, you can ignore this email.</p>',
    '</body></html>',
  ].join('\n');
  return { to: input.to, subject, text, html };
};
