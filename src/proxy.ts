// Proxy (Next.js 16's middleware): security headers and a fresh CSP nonce on every page and API response.
import { NextResponse, type NextRequest } from 'next/server';
import { buildSecurityHeaders, createNonce } from '@/lib/api/security-headers';
import { getConfig } from '@/lib/config/env';

/*
 * Kept small and free of I/O: it runs before every matched request. It is not an access check
 * (DESIGN §6: the proxy is never the only check; authorization lives in the data layer).
 *
 * The nonce reaches the app twice: inside the request's `Content-Security-Policy` header, from
 * which Next.js takes it for its own scripts, and as `x-nonce`, which the root layout reads for
 * scripts it renders itself (e.g. next-themes' ThemeProvider `nonce`). A nonce only works on
 * pages rendered per request, which every page with it is (the layout reads headers()).
 */
export function proxy(request: NextRequest): NextResponse {
  const appConfig = getConfig();
  const nonce = createNonce();
  const headers = buildSecurityHeaders({
    nonce,
    isProduction: appConfig.isProduction,
    upgradeInsecureRequests: appConfig.appUrl.startsWith('https:'),
  });

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', headers['Content-Security-Policy']);

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) {
    response.headers.set(name, value);
  }
  return response;
}

export const config = {
  matcher: [
    // Everything but build assets, the local database worker (public/local-db), the service worker,
    // its offline page and the app icons, which carry no inline script: their headers (nosniff above
    // all, and each worker's own CSP) come from `headers()` in next.config.ts instead. A page CSP
    // with a nonce on sw.js would be the worker's own policy and stop nothing useful.
    '/((?!_next/static|_next/image|local-db/|sw.js|offline.html|icons/).*)',
  ],
};
