import { idbDatabaseName, opfsFileNames } from './names';

/*
 * Where a local database's bytes are, and deleting them. Runs in the worker and in pages (OPFS
 * directory handles and IndexedDB exist in both; synchronous access handles only in workers).
 */

const isNotFound = (error: unknown): boolean => error instanceof DOMException && error.name === 'NotFoundError';

/** True when this context offers OPFS with synchronous access handles (dedicated workers only). */
export const opfsSyncAccessAvailable = async (): Promise<boolean> => {
  if (typeof FileSystemFileHandle === 'undefined' || !('createSyncAccessHandle' in FileSystemFileHandle.prototype)) {
    return false;
  }
  try {
    // Throws where OPFS is switched off, e.g. SecurityError in some private windows.
    await navigator.storage.getDirectory();
    return true;
  } catch {
    return false;
  }
};

/** True when OPFS holds a non-empty database file of this name. */
export const opfsDatabaseExists = async (fileName: string): Promise<boolean> => {
  try {
    const root = await navigator.storage.getDirectory();
    const file = await (await root.getFileHandle(fileName)).getFile();
    return file.size > 0;
  } catch (error) {
    if (isNotFound(error) || (error instanceof DOMException && error.name === 'SecurityError')) {
      return false;
    }
    throw error;
  }
};

/** True when IndexedDB has the database of this file (false where indexedDB.databases() is missing). */
export const idbDatabaseExists = async (fileName: string): Promise<boolean> => {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') {
    return false;
  }
  const name = idbDatabaseName(fileName);
  return (await indexedDB.databases()).some((database) => database.name === name);
};

const deleteIdbDatabase = (name: string): Promise<void> =>
  new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error ?? new Error('IndexedDB delete failed'));
    // `blocked` only means another connection is still open; the delete goes ahead once it closes.
  });

/**
 * Deletes every copy of the database: its OPFS files and its IndexedDB database, whichever VFS it
 * was opened with (a device that once fell back to IndexedDB may still hold a copy there). The
 * connection must be closed first; a file with an open access handle cannot be removed.
 */
export const deleteLocalDatabaseFiles = async (fileName: string): Promise<void> => {
  if (typeof navigator.storage?.getDirectory === 'function') {
    let root: FileSystemDirectoryHandle | undefined;
    try {
      root = await navigator.storage.getDirectory();
    } catch {
      root = undefined; // no OPFS here, so nothing of ours in it
    }
    for (const name of root ? opfsFileNames(fileName) : []) {
      try {
        await root?.removeEntry(name);
      } catch (error) {
        if (!isNotFound(error)) {
          throw error;
        }
      }
    }
  }
  if (typeof indexedDB !== 'undefined') {
    await deleteIdbDatabase(idbDatabaseName(fileName));
  }
};
