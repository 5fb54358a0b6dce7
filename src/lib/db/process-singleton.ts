/*
 * Where the process's database handle lives. Next.js bundles route handlers separately and hot
 * reload re-evaluates modules, so a module-level variable can exist several times in one process;
 * two PGlite instances on one directory corrupt it, and extra pools waste connections. The handle
 * therefore lives on globalThis.
 *
 * This module imports nothing (no driver, no `server-only`) so that the HTTP server in front of
 * Next.js (scripts/serve.ts) can close the database on shutdown without loading the app's code.
 */

type Closable = { close: () => Promise<void> };

const store = globalThis as typeof globalThis & { __openpracticeDatabase?: Promise<Closable> };

/** The open (or opening) process database, if any. */
export const getProcessDatabaseSlot = <T extends Closable>(): Promise<T> | undefined =>
  store.__openpracticeDatabase as Promise<T> | undefined;

export const setProcessDatabaseSlot = <T extends Closable>(value: Promise<T> | undefined): void => {
  store.__openpracticeDatabase = value;
};

/**
 * Closes the process database, if open. Called on shutdown: PGlite flushes its files on close, so
 * a clean stop never leaves the embedded database to recover.
 */
export const closeProcessDatabase = async (): Promise<void> => {
  const opening = store.__openpracticeDatabase;
  store.__openpracticeDatabase = undefined;
  if (opening) {
    await (await opening).close();
  }
};
