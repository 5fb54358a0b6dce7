import 'server-only';

/**
 * Who is calling, as the route wrapper hands it to handlers. Sign-in arrives with better-auth
 * (DESIGN §6); until then no request has a session.
 */
export type ApiSession = {
  userId: string;
  sessionId: string;
  /** Practices the user belongs to: the scope of every query (CONVENTIONS §3). */
  practiceIds: string[];
};

/**
 * Looks up the session of a request (cookie or bearer token). Returns null when there is none or
 * it is invalid or expired; never throws for a bad credential.
 */
export const resolveSession = (_request: Request): Promise<ApiSession | null> => Promise.resolve(null);
