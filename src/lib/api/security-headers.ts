/*
 * The security headers of every page and API response (DESIGN §6), built by one pure function so
 * they can be tested without a server. `src/proxy.ts` sets them per request; see the note there on
 * static assets.
 */

export type SecurityHeadersOptions = {
  /** Fresh per request (see `createNonce`); also handed to the app in the `x-nonce` header. */
  nonce: string;
  isProduction: boolean;
  /**
   * Add `upgrade-insecure-requests`: only when the app is served over HTTPS. On a clinic LAN
   * served over plain HTTP it would send every subresource request to an https:// URL that does
   * not answer.
   */
  upgradeInsecureRequests?: boolean;
};

/** 128 random bits, base64: unguessable per response, as a CSP nonce must be. */
export const createNonce = (): string => {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
};

/** The Content-Security-Policy header value. */
export const buildContentSecurityPolicy = ({
  nonce,
  isProduction,
  upgradeInsecureRequests = false,
}: SecurityHeadersOptions): string => {
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    // Next.js puts this nonce on its own scripts (it reads it from the request's CSP header);
    // 'strict-dynamic' lets those scripts load the chunks they need, and makes CSP3 browsers
    // ignore 'self' and host sources, so only nonce'd scripts and their descendants run.
    // React uses eval in development only (server error stacks in the browser).
    ['script-src', "'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(isProduction ? [] : ["'unsafe-eval'"])],
    // Styles: 'unsafe-inline', not a nonce. Our UI sets inline styles that cannot carry a nonce:
    // Radix renders `style` attributes in server HTML (VisuallyHidden, popper positioning), and
    // sonner and react-remove-scroll (under Radix dialogs and menus) insert <style> elements at
    // run time without one. Nonces never apply to style attributes, and a nonce in style-src makes
    // browsers ignore 'unsafe-inline', so the nonce is left out here on purpose. Injected CSS
    // cannot run code; scripts stay nonce-only.
    ['style-src', "'self'", "'unsafe-inline'"],
    ['img-src', "'self'", 'blob:', 'data:'],
    ['font-src', "'self'"],
    // 'self' also covers same-host ws:/wss: in CSP3 browsers (development hot reload).
    ['connect-src', "'self'"],
    // The local database runs in a worker (DESIGN §1); blob: for workers built at run time.
    ['worker-src', "'self'", 'blob:'],
    ['manifest-src', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'self'"],
    ['form-action', "'self'"],
    ['frame-ancestors', "'none'"],
  ];
  const policy = directives.map((parts) => parts.join(' '));
  if (upgradeInsecureRequests) {
    policy.push('upgrade-insecure-requests');
  }
  return policy.join('; ');
};

export type SecurityHeaders = { 'Content-Security-Policy': string } & Record<string, string>;

/** Every security header, by name. */
export const buildSecurityHeaders = (options: SecurityHeadersOptions): SecurityHeaders => ({
  'Content-Security-Policy': buildContentSecurityPolicy(options),
  'X-Content-Type-Options': 'nosniff',
  // `same-origin`: a Referer only on requests to ourselves, none at all to other sites, so a URL
  // like /patients/<id> never leaves the app (strict-origin-when-cross-origin would still send
  // our origin). Not `no-referrer`: under it browsers send `Origin: null` on same-origin POSTs
  // (Fetch spec, "append a request Origin header"), which blinds the CSRF origin check.
  'Referrer-Policy': 'same-origin',
  // Older browsers that ignore `frame-ancestors`.
  'X-Frame-Options': 'DENY',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
  // Our responses (JSON with patient data above all) may not be embedded by other sites.
  'Cross-Origin-Resource-Policy': 'same-origin',
  // Two years, as preload lists require. Production only: a developer's localhost must not be
  // pinned to HTTPS. Browsers ignore it on plain-HTTP responses.
  ...(options.isProduction ? { 'Strict-Transport-Security': 'max-age=63072000; includeSubDomains' } : {}),
});
