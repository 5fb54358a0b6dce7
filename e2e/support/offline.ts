import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { OFFLINE_PAGE_CACHE } from '@/lib/pwa/offline-pages';
import { WARM_PAGES } from '@/lib/pwa/offline-routes';

/**
 * Waits until the service worker controls the page and has stored every screen that opens offline
 * (it fetches them right after sign-in): from then on the app opens with the network off.
 */
export const waitForOfflineReady = async (page: Page): Promise<void> => {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await expect
    .poll(
      () =>
        page.evaluate(async (cacheName) => {
          const cache = await caches.open(cacheName);
          return (await cache.keys()).map((request) => new URL(request.url).pathname).sort();
        }, OFFLINE_PAGE_CACHE),
      { timeout: 30_000 },
    )
    .toEqual(expect.arrayContaining([...WARM_PAGES]));
};
