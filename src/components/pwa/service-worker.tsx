'use client';

import { Serwist } from '@serwist/window';
import * as React from 'react';

import { useLocalData } from '@/components/local-data/local-data-context';
import type { ServiceWorkerReply, ServiceWorkerRequest } from '@/lib/pwa/messages';

import { UpdatePrompt } from './update-prompt';

/*
 * The page's side of the service worker (issue #6 §4, decision 0013), mounted in the signed-in
 * shell: registers /sw.js (production builds only), fetches the offline screens into the page cache
 * once the worker controls the tab, asks once per browser for persistent storage, checks for new
 * versions and shows the update prompt when one waits. It never activates a new version by itself.
 */

/** How often an open app asks the server whether a new version exists. */
const UPDATE_CHECK_INTERVAL_MS = 30 * 60_000;

const PERSIST_ASKED_KEY = 'openpractice-storage-persist-asked';
/** Per tab and person: the practice the page cache was last filled for. */
const warmedKey = (userId: string) => `openpractice-pages-warmed:${userId}`;

/** Posts a message to a worker and waits for its answer on a private port. */
const ask = (worker: ServiceWorker, message: ServiceWorkerRequest): Promise<ServiceWorkerReply> =>
  new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event: MessageEvent<ServiceWorkerReply>) => resolve(event.data);
    worker.postMessage(message, [channel.port2]);
  });

/**
 * Asks the browser to keep this origin's storage (the device database, the offline copies) under
 * storage pressure. Once per browser: Chromium decides silently, Firefox asks the person, and a
 * refusal needs no word from us.
 */
const requestPersistentStorage = async (): Promise<void> => {
  if (typeof navigator.storage?.persist !== 'function' || localStorage.getItem(PERSIST_ASKED_KEY) !== null) {
    return;
  }
  if (await navigator.storage.persisted()) {
    return;
  }
  localStorage.setItem(PERSIST_ASKED_KEY, new Date().toISOString());
  await navigator.storage.persist();
};

/** A development server must not be answered by a production worker left on the same origin. */
const unregisterAll = async (): Promise<void> => {
  for (const registration of await navigator.serviceWorker.getRegistrations()) {
    await registration.unregister();
  }
};

export const ServiceWorker = () => {
  const { userId, practiceId } = useLocalData();
  const [serwist, setSerwist] = React.useState<Serwist | null>(null);
  const [updateWaiting, setUpdateWaiting] = React.useState(false);
  // Set when the person chose to reload: only then does a change of controller reload the tab.
  const activating = React.useRef(false);

  React.useEffect(() => {
    if (!('serviceWorker' in navigator)) {
      return;
    }
    if (process.env.NODE_ENV !== 'production') {
      void unregisterAll();
      return;
    }
    const sw = new Serwist('/sw.js', { scope: '/', updateViaCache: 'none' });
    const onWaiting = () => setUpdateWaiting(true);
    const onControlling = () => {
      if (activating.current) {
        window.location.reload();
      }
    };
    sw.addEventListener('waiting', onWaiting);
    sw.addEventListener('controlling', onControlling);
    let stopped = false;
    const checkForUpdate = () => {
      void sw.update().catch(() => undefined);
    };
    const interval = window.setInterval(checkForUpdate, UPDATE_CHECK_INTERVAL_MS);
    window.addEventListener('online', checkForUpdate);

    void (async () => {
      try {
        await sw.register({ immediate: true });
      } catch {
        // No service worker (e.g. a private window that refuses it): the app works online as before.
        return;
      }
      if (stopped) {
        return;
      }
      setSerwist(sw);
    })();
    void requestPersistentStorage().catch(() => undefined);

    return () => {
      stopped = true;
      window.clearInterval(interval);
      window.removeEventListener('online', checkForUpdate);
      sw.removeEventListener('waiting', onWaiting);
      sw.removeEventListener('controlling', onControlling);
    };
  }, [userId]);

  // Once the worker is active (the first install takes this tab over with clients.claim), the
  // screens are fetched into the page cache with this session. Forced on the first shell load of a
  // tab for this person and whenever the active practice changed (the stored pages name it, and the
  // screens open offline on the practice their copy names); otherwise the worker refreshes only
  // copies older than a few minutes.
  React.useEffect(() => {
    if (serwist === null) {
      return;
    }
    let stopped = false;
    void (async () => {
      const active = (await navigator.serviceWorker.ready).active;
      if (active === null || stopped) {
        return;
      }
      const force = sessionStorage.getItem(warmedKey(userId)) !== (practiceId ?? '');
      await ask(active, { type: 'WARM_PAGES', force });
      sessionStorage.setItem(warmedKey(userId), practiceId ?? '');
    })();
    return () => {
      stopped = true;
    };
  }, [serwist, userId, practiceId]);

  const activate = React.useCallback(() => {
    void (async () => {
      activating.current = true;
      const registration = await navigator.serviceWorker.getRegistration('/');
      if (registration?.waiting) {
        // Serwist's SKIP_WAITING; the controller then changes and `controlling` reloads the tab.
        serwist?.messageSkipWaiting();
      } else {
        // Another tab activated it already: this tab only needs the new pages.
        window.location.reload();
      }
    })();
  }, [serwist]);

  return updateWaiting ? <UpdatePrompt onActivate={activate} /> : null;
};
