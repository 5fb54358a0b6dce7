import { connectLocalDatabase, wipeLocalDatabase, type LocalDatabase } from '@/lib/local/browser/local-database';
import { idbDatabaseName } from '@/lib/local/browser/names';
import type { LocalSyncStatus } from '@/lib/local/browser/worker-protocol';
import type { ByteScan, Harness, OpfsEntry, Outcome } from './harness-api';

/*
 * The test page's script (bundled by support/server.ts): the page-side API of the local database
 * as the app will use it, plus readers of the raw stored bytes that only tests need.
 */

let database: LocalDatabase | undefined;
let changes: string[][] = [];
let statuses: LocalSyncStatus[] = [];

const outcome = async <T>(fn: () => Promise<T>): Promise<Outcome<T>> => {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    const { name = 'Error', message = String(error), code, fields } = error as {
      name?: string;
      message?: string;
      code?: string;
      fields?: { path: string; message: string }[];
    };
    return { ok: false, name, code, message, ...(fields === undefined ? {} : { fields }) };
  }
};

const connected = (): LocalDatabase => {
  if (!database) {
    throw new Error('harness: connect first');
  }
  return database;
};

const encodings = (needle: string): Uint8Array[] => {
  const utf16 = new Uint8Array(needle.length * 2);
  for (let i = 0; i < needle.length; i += 1) {
    utf16[i * 2] = needle.charCodeAt(i) & 0xff;
    utf16[i * 2 + 1] = needle.charCodeAt(i) >> 8;
  }
  return [new TextEncoder().encode(needle), utf16];
};

const contains = (haystack: Uint8Array, needle: Uint8Array): boolean => {
  outer: for (let start = 0; start + needle.length <= haystack.length; start += 1) {
    for (let i = 0; i < needle.length; i += 1) {
      if (haystack[start + i] !== needle[i]) {
        continue outer;
      }
    }
    return true;
  }
  return false;
};

const scan = (parts: { name: string; bytes: Uint8Array }[], needle: string): ByteScan => {
  const needles = encodings(needle);
  const header = new TextEncoder().encode('SQLite format 3');
  return {
    parts: parts.length,
    totalBytes: parts.reduce((sum, part) => sum + part.bytes.length, 0),
    nonZeroBytes: parts.reduce((sum, part) => sum + part.bytes.filter((byte) => byte !== 0).length, 0),
    needleFoundIn: parts.filter((part) => needles.some((encoded) => contains(part.bytes, encoded))).map((part) => part.name),
    sqliteHeaderIn: parts.filter((part) => contains(part.bytes, header)).map((part) => part.name),
  };
};

const walkOpfs = async (directory: FileSystemDirectoryHandle, prefix: string): Promise<{ path: string; file: File }[]> => {
  const found: { path: string; file: File }[] = [];
  // `values()` is in the File System spec but not yet in TypeScript's DOM library.
  const entries = (directory as unknown as { values: () => AsyncIterable<FileSystemHandle> }).values();
  for await (const entry of entries) {
    const path = `${prefix}/${entry.name}`;
    if (entry.kind === 'directory') {
      found.push(...(await walkOpfs(entry as FileSystemDirectoryHandle, path)));
    } else {
      found.push({ path, file: await (entry as FileSystemFileHandle).getFile() });
    }
  }
  return found;
};

const request = <T>(req: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });

const harness: Harness = {
  connect: (options) =>
    outcome(async () => {
      changes = [];
      statuses = [];
      database = await connectLocalDatabase(options);
      database.onTablesChanged((tables) => changes.push([...tables]));
      database.onSyncStatus((status) => statuses.push(status));
      return { isLeader: database.isLeader(), vfs: database.vfs() };
    }),
  all: (sql, params) => outcome(() => connected().all(sql, params)),
  get: (sql, params) => outcome(() => connected().get(sql, params)),
  run: (sql, params) => outcome(() => connected().run(sql, params)),
  exec: (sql) => outcome(async () => (await connected().exec(sql), null)),
  isLeader: () => connected().isLeader(),
  vfs: () => connected().vfs(),
  tableChanges: () => changes,
  mutate: (name, args) => outcome(() => connected().mutate(name, args)),
  syncNow: () => outcome(() => connected().syncNow()),
  getSyncStatus: () => outcome(() => connected().getSyncStatus()),
  syncStatuses: () => statuses,
  dropTabMessages: (types) => {
    const post = BroadcastChannel.prototype.postMessage;
    BroadcastChannel.prototype.postMessage = function (this: BroadcastChannel, message: unknown) {
      const type = (message as { type?: unknown } | null)?.type;
      if (typeof type === 'string' && types.includes(type)) {
        return;
      }
      post.call(this, message);
    };
  },
  close: () => outcome(async () => (await connected().close(), null)),
  wipe: () => outcome(async () => (await connected().wipe(), null)),
  wipeWithoutKey: (fileName) => outcome(async () => (await wipeLocalDatabase({ fileName }), null)),
  opfsFiles: async (): Promise<OpfsEntry[]> =>
    (await walkOpfs(await navigator.storage.getDirectory(), '')).map(({ path, file }) => ({ path, size: file.size })),
  writeOpfsFile: async (name, text) => {
    const handle = await (await navigator.storage.getDirectory()).getFileHandle(name, { create: true });
    const writable = await handle.createWritable();
    await writable.write(text);
    await writable.close();
  },
  scanOpfs: async (needle) => {
    const files = await walkOpfs(await navigator.storage.getDirectory(), '');
    const parts = await Promise.all(files.map(async ({ path, file }) => ({ name: path, bytes: new Uint8Array(await file.arrayBuffer()) })));
    return scan(parts, needle);
  },
  scanIdb: async (fileName, needle) => {
    if (!(await indexedDB.databases()).some((info) => info.name === idbDatabaseName(fileName))) {
      return { ...scan([], needle), fileSize: 0 }; // open() would create it
    }
    const db = await request(indexedDB.open(idbDatabaseName(fileName)));
    try {
      const tx = db.transaction(['blocks', 'metadata'], 'readonly');
      const blocks = await request(tx.objectStore('blocks').getAll() as IDBRequest<{ path: string; offset: number; version: number; data: Uint8Array }[]>);
      const metadata = await request(tx.objectStore('metadata').getAll() as IDBRequest<{ name: string; fileSize: number }[]>);
      const parts = blocks.map((block) => ({ name: `${block.path}@${-block.offset}v${block.version}`, bytes: block.data }));
      return { ...scan(parts, needle), fileSize: metadata.find((file) => file.name === `/${fileName}`)?.fileSize ?? 0 };
    } finally {
      db.close(); // an open connection would hold up a later wipe's deleteDatabase
    }
  },
  idbDatabaseNames: async () => (await indexedDB.databases()).flatMap((info) => (info.name === undefined ? [] : [info.name])),
};

window.harness = harness;
document.body.dataset.ready = 'true';
