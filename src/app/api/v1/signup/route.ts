// POST /api/v1/signup – create a practice and its owner, and sign the owner in
import { apiRoute } from '@/lib/api/route';
import { getAuth } from '@/lib/auth/auth';
import { getDatabase } from '@/lib/db/client';
import { ZSignUp } from '@/lib/domain/identity/schemas';
import { signUp } from '@/lib/domain/identity/sign-up';

export const dynamic = 'force-dynamic';

export const POST = apiRoute({ route: '/api/v1/signup', auth: 'public', body: ZSignUp }, async ({ request, body, meta }) => {
  const { result, setCookies } = await signUp({
    database: await getDatabase(),
    auth: await getAuth(),
    input: body,
    headers: request.headers,
    ipAddress: meta.ipAddress,
    requestId: meta.requestId,
  });
  const response = Response.json(result, { status: 201 });
  for (const cookie of setCookies) {
    response.headers.append('Set-Cookie', cookie);
  }
  return response;
});
