import { describe, expect, it } from 'vitest';

import type { TeamMember } from '../members/api';
import { memberNames, providerCandidates } from './provider-candidates';

const member = (userId: string, name: string, role: TeamMember['role'], status: TeamMember['status'] = 'active'): TeamMember => ({
  userId,
  name,
  email: `${userId}@example.test`,
  role,
  status,
  since: '2026-01-01T00:00:00.000Z',
});

const MEMBERS = [
  member('u-zoe', 'Zoe Owner', 'owner'),
  member('u-pat', 'Pat Provider', 'provider'),
  member('u-ann', 'Ann Admin', 'admin'),
  member('u-nia', 'Nia Nurse', 'nurse'),
  member('u-fay', 'Fay Front', 'front_desk'),
  member('u-old', 'Old Provider', 'provider', 'deactivated'),
  member('u-bea', 'Bea Provider', 'provider'),
];

describe('who may be given a calendar', () => {
  it('offers active providers and owners only, by name', () => {
    expect(providerCandidates(MEMBERS, [], null).map((m) => m.name)).toEqual(['Bea Provider', 'Pat Provider', 'Zoe Owner']);
  });

  it('leaves out people who already have a calendar, except the one being edited', () => {
    const providers = [
      { id: 'p1', userId: 'U-PAT' },
      { id: 'p2', userId: 'u-bea' },
    ];
    expect(providerCandidates(MEMBERS, providers, null).map((m) => m.name)).toEqual(['Zoe Owner']);
    expect(providerCandidates(MEMBERS, providers, 'p1').map((m) => m.name)).toEqual(['Pat Provider', 'Zoe Owner']);
  });

  it('names members by user id in any case', () => {
    expect(memberNames(MEMBERS).get('u-pat')).toBe('Pat Provider');
  });
});
