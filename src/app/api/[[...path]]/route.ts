// ALL /api and /api/* (unmatched) – typed 404 JSON instead of the HTML not-found page
import { AppError } from '@/lib/api/errors';
import { apiRoute } from '@/lib/api/route';

export const dynamic = 'force-dynamic';

// Static routes such as /api/health always win over this catch-all in Next.js's route matching,
// so it only ever answers paths that no other handler claims.
const notFound = apiRoute({ route: '/api/[[...path]]', auth: 'public' }, () => {
  throw new AppError('NOT_FOUND');
});

export const GET = notFound;
export const HEAD = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
export const OPTIONS = notFound;
