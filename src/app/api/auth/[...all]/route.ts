// GET, POST /api/auth/* – better-auth: sign-in, sign-out, session, two-factor (src/lib/auth/auth.ts)
import { toNextJsHandler } from 'better-auth/next-js';
import { getAuth } from '@/lib/auth/auth';

export const dynamic = 'force-dynamic';

/**
 * The instance is created on first use (the database opens asynchronously), so the handler resolves
 * it per request; getAuth() returns the same promise after the first call. Answers carry sessions
 * and challenges: never cached, like every answer of our own API.
 */
const handle = async (request: Request): Promise<Response> => {
  const response = await (await getAuth()).handler(request);
  if (response.headers.has('cache-control')) {
    return response;
  }
  const copy = new Response(response.body, response);
  copy.headers.set('Cache-Control', 'no-store');
  return copy;
};

export const { GET, POST, PATCH, PUT, DELETE } = toNextJsHandler(handle);
