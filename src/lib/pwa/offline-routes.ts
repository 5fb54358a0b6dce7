/*
 * Which page navigations the service worker keeps offline copies of (issue #6 §4). Pure, shared by
 * the service worker (src/sw) and the page, and unit-tested.
 *
 * Only screens whose content comes from the device database are kept: their HTML is the shell
 * (navigation, the signed-in person's name, their practices), never patient data, which the screen
 * reads from the encrypted local database after it opens. Screens that show server data (settings,
 * the audit log, account security) are never stored: offline they get the static offline page.
 */

/** The screens that work offline, each with every page below it (e.g. a patient's chart). */
export const OFFLINE_SECTIONS = ['/patients', '/schedule', '/billing', '/documents', '/conflicts'] as const;

/** Fetched into the page cache right after sign-in, so they open offline without a visit first. */
export const WARM_PAGES: readonly string[] = OFFLINE_SECTIONS;

/** Where `/` leads (it redirects to the schedule, and a redirect is never stored). */
export const HOME_TARGET = '/schedule';

/** The precached page shown offline for everything else. */
export const OFFLINE_FALLBACK_URL = '/offline.html';

export type NavigationRoute =
  /** Network first; a good answer is stored under `cacheKey` and served when the network fails. */
  | { kind: 'offline-copy'; cacheKey: string }
  /** The app's home: online it redirects by itself; offline the worker redirects to `to`. */
  | { kind: 'home'; to: string }
  /** Network only; offline the static offline page. */
  | { kind: 'online-only' };

const inSection = (pathname: string, section: string): boolean => pathname === section || pathname.startsWith(`${section}/`);

/**
 * Classifies a same-origin page navigation. The cache key is origin + path without the query: a
 * query never selects different HTML here (screens read it on the client), and search text must
 * not become a cache key that outlives the visit.
 */
export const classifyNavigation = (url: URL): NavigationRoute => {
  if (url.pathname === '/') {
    return { kind: 'home', to: HOME_TARGET };
  }
  if (OFFLINE_SECTIONS.some((section) => inSection(url.pathname, section))) {
    return { kind: 'offline-copy', cacheKey: `${url.origin}${url.pathname}` };
  }
  return { kind: 'online-only' };
};

/** The parts of a `Response` that decide whether it may be stored. */
export type StorableCandidate = Pick<Response, 'status' | 'type' | 'redirected' | 'headers'>;

/**
 * Whether an answer may be stored as an offline copy: a complete, same-origin, 200 HTML page that
 * was not reached through a redirect. A signed-out visit answers a redirect to /sign-in (or, once
 * streaming started, a 200 page carrying Next's redirect marker), which must never replace a good
 * copy; an error page must not either.
 */
export const isStorablePage = (response: StorableCandidate, body: string): boolean =>
  response.status === 200 &&
  // 'basic' is a same-origin answer; 'opaqueredirect' (a redirect under redirect: 'manual') and
  // cross-origin answers are never stored.
  (response.type === 'basic' || response.type === 'default') &&
  !response.redirected &&
  (response.headers.get('content-type') ?? '').startsWith('text/html') &&
  !body.includes('__next-page-redirect');

/** A copy younger than this is not fetched again when the page asks to warm the cache. */
export const WARM_MAX_AGE_MS = 5 * 60_000;

/** Whether a stored copy is recent enough to skip re-fetching it (by its `Date` header). */
export const isRecentCopy = (response: Response, now: number, maxAgeMs = WARM_MAX_AGE_MS): boolean => {
  const date = Date.parse(response.headers.get('date') ?? '');
  return Number.isFinite(date) && now - date >= 0 && now - date < maxAgeMs;
};
