import 'server-only';
import { headers } from 'next/headers';
import { resolveSession, type ApiSession } from '@/lib/api/session';

/**
 * The session of the request a server component is rendering (the same lookup as the API's),
 * or null when nobody is signed in.
 */
export const getPageSession = async (): Promise<ApiSession | null> =>
  resolveSession(new Request('http://page.invalid/', { headers: await headers() }));
