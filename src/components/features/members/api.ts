import { readApiError, type TApiError } from '@/lib/api/read-api-error';
import type { TRole } from '@/lib/auth/permissions';
import type { TInvitationListItem, TInvitationSent, TInviteMember } from '@/lib/domain/invitations/schemas';

/*
 * The Team page's calls to the members and invitations API. Every call is authorized again on the
 * server; the page only hides what the role cannot do. Errors come back typed (parseApiError).
 */

export type TeamMember = {
  userId: string;
  name: string;
  email: string;
  role: TRole;
  status: 'active' | 'deactivated';
  since: string;
};

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: TApiError };

const call = async <T>(url: string, init: RequestInit = {}): Promise<ApiResult<T>> => {
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      headers: { accept: 'application/json', ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
    });
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: 'The server could not be reached. Check the connection and try again.', requestId: '' } };
  }
  if (!response.ok) {
    return { ok: false, error: await readApiError(response) };
  }
  return { ok: true, value: (response.status === 204 ? undefined : await response.json()) as T };
};

const base = (practiceId: string) => `/api/v1/practices/${encodeURIComponent(practiceId)}`;

export const fetchMembers = async (practiceId: string) =>
  call<{ members: TeamMember[] }>(`${base(practiceId)}/members`);

export const fetchInvitations = async (practiceId: string) =>
  call<{ invitations: TInvitationListItem[] }>(`${base(practiceId)}/invitations`);

export const changeRole = async (practiceId: string, userId: string, role: TRole) =>
  call<{ userId: string; role: TRole }>(`${base(practiceId)}/members/${encodeURIComponent(userId)}`, {
    method: 'PATCH',
    body: JSON.stringify({ role }),
  });

export const deactivate = async (practiceId: string, userId: string) =>
  call<{ userId: string; status: 'deactivated' }>(`${base(practiceId)}/members/${encodeURIComponent(userId)}/deactivate`, {
    method: 'POST',
  });

export const invite = async (practiceId: string, input: TInviteMember) =>
  call<TInvitationSent>(`${base(practiceId)}/invitations`, { method: 'POST', body: JSON.stringify(input) });

export const resend = async (practiceId: string, invitationId: string) =>
  call<TInvitationSent>(`${base(practiceId)}/invitations/${encodeURIComponent(invitationId)}/resend`, { method: 'POST' });

export const revoke = async (practiceId: string, invitationId: string) =>
  call<{ invitationId: string }>(`${base(practiceId)}/invitations/${encodeURIComponent(invitationId)}`, { method: 'DELETE' });
