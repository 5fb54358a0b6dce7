import { describe, expect, it } from 'vitest';
import { dataKeyHex, generateDataKey } from '@/lib/local/key-wrap';
import type { ChunkedMemoryVFS } from './chunked-memory-vfs';
import { openNodeSqliteStore } from './node-sqlite';

const CANARY = 'Zebulon Quackenbush-Canary';

/** Every byte of the database file as the VFS holds it. */
const fileBytes = (vfs: ChunkedMemoryVFS): Buffer => Buffer.concat(vfs.contents());

const writeCanary = async (key?: string) => {
  const store = await openNodeSqliteStore(key === undefined ? {} : { key });
  await store.transaction((tx) =>
    tx.putRow('patients', { id: '0193a1b2-0000-7000-8000-00000000c0de', practiceId: '0193a1b2-0000-7000-8000-000000000001', familyName: CANARY }),
  );
  const bytes = fileBytes(store.vfs);
  await store.close();
  return bytes;
};

describe('the device database file', () => {
  it('holds no trace of a patient name when encrypted (and does without a key: the test can fail)', async () => {
    const encrypted = await writeCanary(dataKeyHex(generateDataKey()));
    expect(encrypted.length).toBeGreaterThan(0);
    expect(encrypted.includes(Buffer.from(CANARY))).toBe(false);
    expect(encrypted.includes(Buffer.from('SQLite format 3'))).toBe(false);
    const plain = await writeCanary();
    expect(plain.includes(Buffer.from(CANARY))).toBe(true);
  });
});
