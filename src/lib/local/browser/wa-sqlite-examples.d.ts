// The published typings of @journeyapps/wa-sqlite lag its example VFSs (see src/examples/*.js):
// OPFSCoopSyncVFS has none, and IDBBatchAtomicVFS's describe an older class (the worker casts).
declare module '@journeyapps/wa-sqlite/src/examples/OPFSCoopSyncVFS.js' {
  export class OPFSCoopSyncVFS {
    /** Registers nothing by itself: pass the result to sqlite3.vfs_register. */
    static create(name: string, module: unknown): Promise<SQLiteVFS>;
  }
}
