import type { DeviceRecord, DeviceRecordStore } from './device-keyring';

/*
 * The browser's device records (device-keyring.ts) in IndexedDB: one small database per origin,
 * one entry per person who signed in on this browser. Not secret — the keys inside are wrapped —
 * but kept out of localStorage so that a script reading storage synchronously sees nothing, and
 * so the record survives the same way the database file does (both are site data).
 */

const DATABASE = 'openpractice-devices';
const STORE = 'devices';

const promised = <T>(request: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    request.addEventListener('success', () => resolve(request.result));
    request.addEventListener('error', () => reject(request.error ?? new Error('IndexedDB request failed')));
  });

const openDatabase = (): Promise<IDBDatabase> => {
  const request = indexedDB.open(DATABASE, 1);
  request.addEventListener('upgradeneeded', () => {
    request.result.createObjectStore(STORE, { keyPath: 'userId' });
  });
  return promised(request);
};

/**
 * A record as stored by this version, or null for anything else (a future or damaged entry).
 * `shared` came later within version 1: missing (or not a boolean) reads as not shared.
 */
const asRecord = (value: unknown): DeviceRecord | null => {
  const record = value as Partial<DeviceRecord> | undefined;
  if (!(record?.version === 1 && typeof record.deviceId === 'string' && typeof record.fileName === 'string' && record.serverWrapped)) {
    return null;
  }
  return { ...(record as DeviceRecord), shared: record.shared === true };
};

/** Runs one request in its own transaction and waits for the transaction to commit. */
const withStore = async <T>(mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> => {
  const database = await openDatabase();
  try {
    const transaction = database.transaction(STORE, mode);
    const committed = new Promise<void>((resolve, reject) => {
      transaction.addEventListener('complete', () => resolve());
      transaction.addEventListener('abort', () => reject(transaction.error ?? new Error('IndexedDB transaction aborted')));
    });
    const result = await promised(fn(transaction.objectStore(STORE)));
    await committed;
    return result;
  } finally {
    database.close();
  }
};

export const createIndexedDbDeviceRecords = (): DeviceRecordStore => ({
  get: async (userId) => asRecord(await withStore('readonly', (store) => store.get(userId))),
  put: async (record) => {
    await withStore('readwrite', (store) => store.put(record));
  },
  delete: async (userId) => {
    await withStore('readwrite', (store) => store.delete(userId));
  },
});
