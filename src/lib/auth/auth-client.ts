import { passkeyClient } from '@better-auth/passkey/client';
import { twoFactorClient } from 'better-auth/client/plugins';
import { createAuthClient } from 'better-auth/react';

/**
 * better-auth's browser client (same origin, /api/auth): sign-in, sign-out, session, two-factor,
 * passkeys. Sign-up is ours (POST /api/v1/signup), not better-auth's. No server imports.
 */
export const authClient = createAuthClient({
  basePath: '/api/auth',
  plugins: [twoFactorClient(), passkeyClient()],
});
