import type { Page } from 'playwright-core';

/*
 * What a test reads through the page itself: the API with the page's session cookie, and what this
 * browser keeps for the device database (its device records and where the database file has bytes).
 */

/** A REST call made by the page itself, with its session cookie. */
export const pageApi = <T>(page: Page, path: string): Promise<{ status: number; body: T }> =>
  page.evaluate(async (url) => {
    const response = await fetch(url, { headers: { accept: 'application/json' } });
    return { status: response.status, body: (await response.json()) as T };
  }, path);

/** This browser's device records (IndexedDB `openpractice-devices`), read by the page; `T` names the fields a test looks at. */
export const deviceRecords = <T>(page: Page): Promise<T[]> =>
  page.evaluate(
    () =>
      new Promise<T[]>((resolve) => {
        const request = indexedDB.open('openpractice-devices');
        request.onsuccess = () => {
          const database = request.result;
          if (!database.objectStoreNames.contains('devices')) {
            resolve([]);
            return;
          }
          const get = database.transaction('devices').objectStore('devices').getAll();
          get.onsuccess = () => resolve(get.result as T[]);
        };
        request.onerror = () => resolve([]);
      }),
  );

/** Where a database file has bytes: its OPFS entries and its IndexedDB database, if any. */
export const storageOf = (page: Page, fileName: string): Promise<{ opfs: string[]; idb: string[] }> =>
  page.evaluate(async (file) => {
    const root = await navigator.storage.getDirectory();
    const opfs: string[] = [];
    for await (const name of (root as unknown as { keys: () => AsyncIterable<string> }).keys()) {
      if (name.startsWith(file)) {
        opfs.push(name);
      }
    }
    const idb = (await indexedDB.databases()).map((database) => database.name ?? '').filter((name) => name.includes(file));
    return { opfs, idb };
  }, fileName);
