import { auditEntryHash, GENESIS_HASH, type CanonicalAuditEntry } from './canonical';

/*
 * The verification rule for one chain, fed one stored row at a time in seq order (pure, so it is
 * unit-tested without a database; verify-audit.ts pages rows into it). Each entry must
 *   1. sit at the next position (seq = previous seq + 1, starting at 1) — else an entry is missing;
 *   2. name the previous entry's hash as its prev_hash — else the chain was cut and re-joined
 *      (an entry deleted and the rest renumbered, rows reordered, or an entry inserted);
 *   3. hash to its stored hash — else the entry itself was altered.
 * An altered entry whose hash was recomputed shows up at the next entry, as a broken link.
 * A missing *tail* (the newest entries deleted) cannot show: what remains is a valid shorter chain.
 */

export type ChainBreakReason = 'seq_gap' | 'link_broken' | 'hash_mismatch';

export type ChainBreak = {
  /** The first position at which the chain is not what it should be. */
  seq: number;
  reason: ChainBreakReason;
  /** For operators, e.g. "hash mismatch: entry altered". */
  message: string;
};

export type StoredAuditEntry = CanonicalAuditEntry & { prevHash: string; hash: string };

export type ChainCheck = {
  /** Checks the next row; returns the break, if this row is one. Stop feeding rows after a break. */
  next: (row: StoredAuditEntry) => ChainBreak | undefined;
  /** Rows accepted so far. */
  readonly entries: number;
};

/** A checker for one chain, starting at its genesis. */
export const createChainCheck = (): ChainCheck => {
  let entries = 0;
  let previousHash = GENESIS_HASH;
  return {
    next: (row) => {
      const expected = entries + 1;
      if (row.seq !== expected) {
        return {
          seq: expected,
          reason: 'seq_gap',
          message:
            row.seq > expected
              ? `entry missing: the next entry is ${row.seq}`
              : `sequence out of order: found ${row.seq}`,
        };
      }
      if (row.prevHash !== previousHash) {
        return {
          seq: expected,
          reason: 'link_broken',
          message: 'link broken: prev_hash does not match the previous entry (entry removed, reordered or inserted)',
        };
      }
      if (auditEntryHash(row.prevHash, row) !== row.hash) {
        return { seq: expected, reason: 'hash_mismatch', message: 'hash mismatch: entry altered' };
      }
      entries = expected;
      previousHash = row.hash;
      return undefined;
    },
    get entries() {
      return entries;
    },
  };
};
