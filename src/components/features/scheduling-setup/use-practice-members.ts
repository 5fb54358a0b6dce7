'use client';

import { useQuery } from '@tanstack/react-query';

import { useOnlineStatus } from '@/hooks/use-online-status';

import { fetchMembers } from '../members/api';

/*
 * The practice's members, from the server (the members API the Team page uses): who can be given a
 * calendar, and whose calendar a provider is. Not kept on the device, so it needs the network; the
 * rest of the set-up screen works without it.
 */

export const usePracticeMembers = (practiceId: string) => {
  const online = useOnlineStatus();
  const query = useQuery({
    queryKey: ['practice-members', practiceId],
    queryFn: async () => {
      const result = await fetchMembers(practiceId);
      if (!result.ok) {
        throw new Error(result.error.message);
      }
      return result.value.members;
    },
    enabled: online,
    // The list changes rarely; reopening a dialog a minute later asks again.
    staleTime: 60_000,
  });
  return { online, ...query };
};
