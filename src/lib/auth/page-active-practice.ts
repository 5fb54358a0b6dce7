import 'server-only';
import { cookies } from 'next/headers';
import type { ApiMembership, ApiSession } from '@/lib/api/session';
import { getDatabase } from '@/lib/db/client';
import { findActiveMembership } from '@/lib/domain/practices/find-active-membership';
import { ACTIVE_PRACTICE_COOKIE } from './active-practice';

/**
 * The membership whose practice the page being rendered shows (server components only): the
 * browser's active-practice cookie when it still names one of the person's active practices,
 * otherwise their first practice by name; null without any practice. The app layout's switcher
 * and every page use this, so the top bar and the page always name the same practice.
 */
export const getActiveMembership = async (session: ApiSession): Promise<ApiMembership | null> => {
  const preferredPracticeId = (await cookies()).get(ACTIVE_PRACTICE_COOKIE)?.value ?? null;
  return findActiveMembership({ database: await getDatabase(), actor: session, preferredPracticeId });
};
