'use client';

import { useSyncExternalStore } from 'react';

const subscribe = (onChange: () => void) => {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
};

const getSnapshot = () => navigator.onLine;

// The server cannot know; assume online so the first paint does not alarm anyone. React re-renders
// with the browser's real value right after hydration.
const getServerSnapshot = () => true;

/**
 * Whether the browser believes it has a network connection (`navigator.onLine`).
 *
 * `true` only means a network interface is up, not that our server is reachable; the sync engine
 * owns the real answer. `false` is reliable: there is certainly no connection.
 */
export const useOnlineStatus = (): boolean => useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);
