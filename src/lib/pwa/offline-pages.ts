/*
 * The service worker keeps copies of the signed-in shell's pages so the app opens with no network
 * (issue #6 §4). Those pages name the signed-in person and their practices (never patients: patient
 * data comes from the device database), so signing out deletes the copies. The name is shared by
 * the service worker (src/sw) and the page.
 */

/** Cache Storage name of the offline copies of app pages; a new layout gets a new name. */
export const OFFLINE_PAGE_CACHE = 'openpractice-pages-v1';

/** Deletes the offline copies of app pages (sign-out). Safe where Cache Storage is missing. */
export const clearOfflinePages = async (): Promise<void> => {
  if (typeof caches === 'undefined') {
    return;
  }
  await caches.delete(OFFLINE_PAGE_CACHE);
};
