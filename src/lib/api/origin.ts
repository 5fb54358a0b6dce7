/*
 * CSRF defence for the API: a state-changing request must come from our own pages.
 *
 * Sessions ride in cookies, which browsers attach to requests that any other site can trigger
 * (a form post, a fetch with credentials). The `Origin` header, which pages cannot forge, says
 * which site started the request; we accept a state-changing request only when it names our
 * origin. Browsers send `Origin` on every cross-site POST/PUT/PATCH/DELETE; where they omit it or
 * send `null` (same-origin requests under some referrer policies, privacy modes), the
 * `Sec-Fetch-Site` header (also unforgeable by pages) decides: only `same-origin` passes.
 * A request with neither is refused: it either comes from a non-browser client — which carries no
 * ambient cookies, and will get its own route option when bearer tokens arrive — or from a
 * browser too old to say, and we do not guess.
 *
 * The SameSite cookie attribute is a second layer, not a replacement: it does not cover
 * same-site attacks from sibling subdomains.
 */

/** Methods that must not change state, so need no origin check (RFC 9110 safe methods). */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

export type OriginCheckOptions = {
  /** The configured public origin (`config.appUrl`). */
  appUrl: string;
  /** Whether `X-Forwarded-Proto`/`-Host` describe the public URL (a proxy we run sets them). */
  trustProxy: boolean;
};

const firstForwardedValue = (value: string | null): string | undefined => value?.split(',')[0]?.trim() || undefined;

/** The origins this request may legitimately come from. */
export const allowedOrigins = (request: Request, { appUrl, trustProxy }: OriginCheckOptions): Set<string> => {
  const origins = new Set<string>([new URL(appUrl).origin, new URL(request.url).origin]);
  if (trustProxy) {
    const proto = firstForwardedValue(request.headers.get('x-forwarded-proto'));
    const host = firstForwardedValue(request.headers.get('x-forwarded-host'));
    if (proto !== undefined && host !== undefined && /^https?$/.test(proto)) {
      try {
        origins.add(new URL(`${proto}://${host}`).origin);
      } catch {
        // A malformed forwarded host adds nothing.
      }
    }
  }
  return origins;
};

/** Whether a request passes the origin check (safe methods always do). */
export const isOriginAllowed = (request: Request, options: OriginCheckOptions): boolean => {
  if (SAFE_METHODS.has(request.method.toUpperCase())) {
    return true;
  }
  const origin = request.headers.get('origin');
  if (origin !== null && origin !== 'null') {
    return allowedOrigins(request, options).has(origin);
  }
  return request.headers.get('sec-fetch-site') === 'same-origin';
};
