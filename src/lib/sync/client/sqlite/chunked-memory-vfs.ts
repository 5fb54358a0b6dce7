import * as VFS from '@journeyapps/wa-sqlite/src/VFS.js';
import { MemoryVFS } from '@journeyapps/wa-sqlite/src/examples/MemoryVFS.js';

/*
 * The in-memory VFS of the Node replicas (tests, benchmarks): wa-sqlite's example MemoryVFS, with
 * each file kept in fixed-size chunks instead of one ArrayBuffer.
 *
 * Why: MemoryVFS grows a file by allocating an ArrayBuffer twice the size and copying the old one
 * into it. For a 150 MB replica that is ~300 MB of copies and large buffers freed and allocated
 * again, and V8 answers that much external memory with a major garbage collection every few pages
 * (a fifth of an initial sync's time). A device's OPFS file has no such cost, so the benchmark
 * should not either. Chunks are allocated once, as the file reaches them, and never copied.
 */

/** A multiple of every page size SQLite may use, so a page never spans two chunks; small enough for a journal. */
const CHUNK_BYTES = 64 * 1024;

type ChunkedFile = { pathname: string; flags: number; size: number; chunks: Uint8Array[] };

/** The typings of MemoryVFS lag its code: the parts this class relies on. */
type MemoryVfsInternals = { mapNameToFile: Map<string, ChunkedFile>; mapIdToFile: Map<number, ChunkedFile> };

export class ChunkedMemoryVFS extends MemoryVFS {
  static async create(name: string, module: unknown): Promise<ChunkedMemoryVFS> {
    const vfs = new ChunkedMemoryVFS(name, module as object);
    await vfs.isReady();
    return vfs;
  }

  private get files(): MemoryVfsInternals {
    return this as unknown as MemoryVfsInternals;
  }

  /** Every byte of every file, in order (the encryption test reads the raw file). */
  contents(): Uint8Array[] {
    return [...this.files.mapNameToFile.values()].map((file) => {
      const bytes = new Uint8Array(file.size);
      copyOut(file, bytes, 0);
      return bytes;
    });
  }

  jOpen(filename: string | null, fileId: number, flags: number, pOutFlags: DataView): number {
    const pathname = new URL(filename ?? Math.random().toString(36).slice(2), 'file://').pathname;
    let file = this.files.mapNameToFile.get(pathname);
    if (!file) {
      if (!(flags & VFS.SQLITE_OPEN_CREATE)) {
        return VFS.SQLITE_CANTOPEN;
      }
      file = { pathname, flags, size: 0, chunks: [] };
      this.files.mapNameToFile.set(pathname, file);
    }
    this.files.mapIdToFile.set(fileId, file);
    pOutFlags.setInt32(0, flags, true);
    return VFS.SQLITE_OK;
  }

  jRead(fileId: number, pData: Uint8Array, iOffset: number): number {
    const file = this.files.mapIdToFile.get(fileId);
    if (!file) {
      return VFS.SQLITE_IOERR;
    }
    const available = Math.max(0, Math.min(pData.byteLength, file.size - iOffset));
    copyOut(file, pData.subarray(0, available), iOffset);
    if (available < pData.byteLength) {
      // SQLite expects the unread part zeroed on a short read.
      pData.fill(0, available);
      return VFS.SQLITE_IOERR_SHORT_READ;
    }
    return VFS.SQLITE_OK;
  }

  jWrite(fileId: number, pData: Uint8Array, iOffset: number): number {
    const file = this.files.mapIdToFile.get(fileId);
    if (!file) {
      return VFS.SQLITE_IOERR;
    }
    let offset = iOffset;
    let done = 0;
    while (done < pData.byteLength) {
      const index = Math.floor(offset / CHUNK_BYTES);
      const at = offset % CHUNK_BYTES;
      const length = Math.min(CHUNK_BYTES - at, pData.byteLength - done);
      for (let missing = file.chunks.length; missing <= index; missing += 1) {
        file.chunks.push(new Uint8Array(CHUNK_BYTES));
      }
      (file.chunks[index] as Uint8Array).set(pData.subarray(done, done + length), at);
      offset += length;
      done += length;
    }
    file.size = Math.max(file.size, iOffset + pData.byteLength);
    return VFS.SQLITE_OK;
  }

  jTruncate(fileId: number, iSize: number): number {
    const file = this.files.mapIdToFile.get(fileId);
    if (!file) {
      return VFS.SQLITE_IOERR;
    }
    if (iSize < file.size) {
      // Zero the tail of the last kept chunk (a later extension must read zeros there) and drop the rest.
      const keep = Math.ceil(iSize / CHUNK_BYTES);
      file.chunks.length = Math.min(file.chunks.length, keep);
      file.chunks[keep - 1]?.fill(0, iSize - (keep - 1) * CHUNK_BYTES);
      file.size = iSize;
    }
    return VFS.SQLITE_OK;
  }

  jFileSize(fileId: number, pSize64: DataView): number {
    const file = this.files.mapIdToFile.get(fileId);
    if (!file) {
      return VFS.SQLITE_IOERR;
    }
    pSize64.setBigInt64(0, BigInt(file.size), true);
    return VFS.SQLITE_OK;
  }
}

/** Copies `out.byteLength` bytes of `file` from `offset` into `out` (within the file's size). */
const copyOut = (file: ChunkedFile, out: Uint8Array, offset: number): void => {
  let at = offset;
  let done = 0;
  while (done < out.byteLength) {
    const index = Math.floor(at / CHUNK_BYTES);
    const from = at % CHUNK_BYTES;
    const length = Math.min(CHUNK_BYTES - from, out.byteLength - done);
    const chunk = file.chunks[index];
    if (chunk) {
      out.set(chunk.subarray(from, from + length), done);
    } else {
      out.fill(0, done, done + length);
    }
    at += length;
    done += length;
  }
};
