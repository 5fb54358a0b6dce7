// The service worker (issue #6 §4), bundled by scripts/build-sw.ts into public/sw.js after `next build`.
import { NetworkFirst, Serwist, type PrecacheEntry, type RouteHandlerCallback, type SerwistPlugin } from 'serwist';

import { OFFLINE_PAGE_CACHE } from '@/lib/pwa/offline-pages';
import { classifyNavigation, isRecentCopy, isStorablePage, OFFLINE_FALLBACK_URL, WARM_PAGES } from '@/lib/pwa/offline-routes';
import { type ServiceWorkerReply, type ServiceWorkerRequest } from '@/lib/pwa/messages';

/*
 * What it does, and why (docs/decisions/0013-service-worker.md):
 * - Precaches the app shell: every file of `.next/static` (content-hashed JS, CSS, fonts), the
 *   device database worker and its wasm (`/local-db/*`), icons, the manifest and the offline page.
 * - Page navigations inside the allow-list (screens fed by the device database) are network first
 *   with a short timeout; good answers are kept in OFFLINE_PAGE_CACHE and served when the network
 *   fails. Each cached page replays its own headers, so its CSP nonce still matches its scripts.
 * - Every other navigation is network only; offline it gets the static offline page.
 * - Client-side navigations fetch RSC payloads, which are not handled here: offline the fetch fails,
 *   Next.js falls back to a full navigation, and that one is served from the page cache.
 * - Never skips waiting on its own: the page asks (SKIP_WAITING, built into Serwist) once the person
 *   agreed and nothing unsaved is on screen.
 */

/** The parts of a service worker's global scope used here (the project compiles with the DOM library). */
type ExtendableEventLike = Event & { waitUntil: (promise: Promise<unknown>) => void };
type MessageEventLike = ExtendableEventLike & { data: unknown; ports: readonly MessagePort[] };
type ServiceWorkerScope = {
  location: Location;
  addEventListener: (type: 'activate' | 'message', listener: (event: MessageEventLike) => void) => void;
};

declare const self: ServiceWorkerScope & { __SW_MANIFEST: (PrecacheEntry | string)[] | undefined };
/** This build's id (the Next.js BUILD_ID), set by scripts/build-sw.ts. */
declare const __SW_VERSION__: string;

/** Seconds before a navigation gives up on a slow network and answers from the page cache. */
const NETWORK_TIMEOUT_SECONDS = 4;

const origin = self.location.origin;

/** Offline copies are keyed by origin + path (offline-routes.ts), never by the query. */
const pageCacheKey = (url: string): string => {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
};

/** Reads the body once (cloned) to decide; answers null for anything that must not be stored. */
const storableOrNull = async (response: Response): Promise<Response | null> =>
  isStorablePage(response, await response.clone().text()) ? response : null;

const pageCachePlugin: SerwistPlugin = {
  cacheKeyWillBeUsed: ({ request }) => Promise.resolve(pageCacheKey(request.url)),
  cacheWillUpdate: ({ response }) => storableOrNull(response),
};

const pageStrategy = new NetworkFirst({
  cacheName: OFFLINE_PAGE_CACHE,
  networkTimeoutSeconds: NETWORK_TIMEOUT_SECONDS,
  // Next.js answers `Vary: RSC, Next-Router-State-Tree, …`; copies are only ever full pages.
  matchOptions: { ignoreVary: true },
  plugins: [pageCachePlugin],
});

const serwist = new Serwist({
  precacheEntries: self.__SW_MANIFEST,
  precacheOptions: { cleanupOutdatedCaches: true, concurrency: 4 },
  skipWaiting: false,
  // The first install takes over open tabs at once, so the app works offline without a reload.
  // (An update activates only after the person agreed, see above.)
  clientsClaim: true,
  navigationPreload: false,
  disableDevLogs: true,
});

const offlinePage = async (): Promise<Response> =>
  (await serwist.matchPrecache(OFFLINE_FALLBACK_URL)) ??
  new Response('This page needs a connection.', { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8' } });

const handleNavigation: RouteHandlerCallback = async ({ request, event, url }) => {
  const route = classifyNavigation(url);
  switch (route.kind) {
    case 'offline-copy':
      try {
        return await pageStrategy.handle({ request, event });
      } catch {
        // Offline and never stored (not visited or warmed yet).
        return offlinePage();
      }
    case 'home':
      try {
        return await fetch(request);
      } catch {
        return Response.redirect(new URL(route.to, origin).href, 302);
      }
    case 'online-only':
      try {
        return await fetch(request);
      } catch {
        return offlinePage();
      }
  }
};

serwist.registerCapture(({ request, url }) => request.mode === 'navigate' && url.origin === origin, handleNavigation);

/**
 * Fetches the allow-listed screens into the page cache with the session cookie, so they open
 * offline without a visit first. A signed-out answer (a redirect) is not stored. `force` also
 * refreshes recent copies (after an update, whose HTML names new script files).
 */
const warmPages = async ({ force }: { force: boolean }): Promise<void> => {
  const cache = await caches.open(OFFLINE_PAGE_CACHE);
  await Promise.all(
    WARM_PAGES.map(async (path) => {
      const key = pageCacheKey(new URL(path, origin).href);
      if (!force) {
        const stored = await cache.match(key, { ignoreVary: true });
        if (stored !== undefined && isRecentCopy(stored, Date.now())) {
          return;
        }
      }
      try {
        const response = await fetch(key, { credentials: 'same-origin', redirect: 'manual', cache: 'no-store', headers: { accept: 'text/html' } });
        const storable = await storableOrNull(response);
        if (storable !== null) {
          await cache.put(key, storable);
        }
      } catch {
        // Offline or the server is away: the existing copy (if any) stays.
      }
    }),
  );
};

/**
 * After an update the stored pages name script files of the previous build, which the precache
 * cleanup just removed: fetch every stored page again, and drop the ones that cannot be fetched,
 * since a page without its scripts is worse than the offline page. The update prompt only offers
 * the update online, so this normally refreshes them all.
 */
const refreshStoredPages = async (): Promise<void> => {
  const cache = await caches.open(OFFLINE_PAGE_CACHE);
  const keys = await cache.keys();
  await Promise.all(
    keys.map(async (request) => {
      try {
        const response = await fetch(request.url, { credentials: 'same-origin', redirect: 'manual', cache: 'no-store', headers: { accept: 'text/html' } });
        const storable = await storableOrNull(response);
        if (storable === null) {
          await cache.delete(request);
        } else {
          await cache.put(request.url, storable);
        }
      } catch {
        await cache.delete(request);
      }
    }),
  );
};

const reply = (event: MessageEventLike, answer: ServiceWorkerReply) => {
  event.ports[0]?.postMessage(answer);
};

self.addEventListener('message', (event) => {
  const message = event.data as ServiceWorkerRequest | null;
  switch (message?.type) {
    case 'WARM_PAGES':
      event.waitUntil(warmPages({ force: message.force === true }).then(() => reply(event, { type: 'WARMED' })));
      return;
    case 'VERSION':
      reply(event, { type: 'VERSION', version: __SW_VERSION__ });
      return;
    case undefined:
    default:
      // SKIP_WAITING is Serwist's own listener; anything else is not ours.
      return;
  }
});

self.addEventListener('activate', (event) => {
  event.waitUntil(refreshStoredPages());
});

serwist.addEventListeners();
