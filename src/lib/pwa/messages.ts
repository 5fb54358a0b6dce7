/*
 * Messages between the page and the service worker (src/sw). SKIP_WAITING is Serwist's own
 * (`{ type: 'SKIP_WAITING' }`, sent by @serwist/window's messageSkipWaiting).
 */

/** From the page; answers come back on the message's port. */
export type ServiceWorkerRequest =
  /**
   * Fetch the offline screens into the page cache (after sign-in); answered with WARMED. Without
   * `force`, copies younger than a few minutes are kept as they are.
   */
  | { type: 'WARM_PAGES'; force?: boolean }
  /** Which build the worker was made from; answered with VERSION. */
  | { type: 'VERSION' };

export type ServiceWorkerReply = { type: 'WARMED' } | { type: 'VERSION'; version: string };
