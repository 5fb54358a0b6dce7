import { can } from '@/lib/auth/permissions';

import type { TeamMember } from '../members/api';

/*
 * Who may be given a calendar (issue #7 §1): active members whose role may sign notes (provider,
 * owner), as the server's `providers.save` requires, and who have no calendar yet (one per person
 * and practice). Choosing among them up front spares a refusal that would only come back from the
 * server later, as a conflict.
 */

/** The members a provider dialog offers; the provider being edited keeps its own person. */
export const providerCandidates = (
  members: readonly TeamMember[],
  providers: readonly { id: string; userId: string }[],
  editingProviderId: string | null,
): TeamMember[] => {
  const taken = new Set(providers.filter((provider) => provider.id !== editingProviderId).map((provider) => provider.userId.toLowerCase()));
  return members
    .filter((member) => member.status === 'active' && can(member.role, 'notes.sign') && !taken.has(member.userId.toLowerCase()))
    .sort((a, b) => a.name.localeCompare(b.name));
};

/** Members' names by user id (lower case), to show whose calendar a provider is. */
export const memberNames = (members: readonly TeamMember[]): ReadonlyMap<string, string> =>
  new Map(members.map((member) => [member.userId.toLowerCase(), member.name]));
