import type { TCursors } from '../protocol/common';
import type { TPullResponse } from '../protocol/pull';

/*
 * How far a pull loop has come, as a percent (issue #6 §6). Measured in version space: per
 * practice, (cursor − start) / (head − start), where start is the cursor the loop began from (0
 * after a reset) and head the practice's version when the server read the latest page.
 *
 * Versions count changes (one transaction, one version), not rows: a push of 200 patients is one
 * version, and versions in tables this role does not receive are skipped over. So the percent
 * tracks the share of the practice's history already passed, which moves with rows on an initial
 * sync (mostly one row per version) but not in exact step with them. The row count stays the
 * figure shown first; the percent says how much is left. A server-side count of the remaining
 * change log entries would be exact in rows, but costs a count over the practice's change log on
 * every page; not worth it for a progress bar.
 */

export type PullProgressTracker = {
  /**
   * Takes in an answer just applied: `before` are the store's cursors before it was applied.
   * Answers without heads (a server from before they existed) leave the percent unknown.
   */
  record: (answer: TPullResponse, before: Readonly<TCursors>) => void;
  /** 0–100, rounded down (100 only once every practice has reached its head); null when unknown. */
  percent: () => number | null;
};

export const createPullProgress = (): PullProgressTracker => {
  const starts = new Map<string, number>();
  const heads = new Map<string, number>();
  const reached = new Map<string, number>();
  let known = true;

  return {
    record: (answer, before) => {
      if (answer.heads === undefined) {
        known = false;
        return;
      }
      for (const [practiceId, cursor] of Object.entries(answer.cursors)) {
        if (answer.resets.includes(practiceId)) {
          starts.set(practiceId, 0); // starts over from nothing
        } else if (!starts.has(practiceId)) {
          starts.set(practiceId, before[practiceId] ?? 0);
        }
        // A head only grows while the loop runs (writes elsewhere): keep the newest.
        const head = answer.heads[practiceId];
        if (head !== undefined) {
          heads.set(practiceId, Math.max(head, heads.get(practiceId) ?? 0));
        }
        reached.set(practiceId, cursor);
      }
      for (const practiceId of answer.revoked) {
        starts.delete(practiceId);
        heads.delete(practiceId);
        reached.delete(practiceId);
      }
    },
    percent: () => {
      if (!known) {
        return null;
      }
      let done = 0;
      let total = 0;
      for (const [practiceId, head] of heads) {
        const start = starts.get(practiceId) ?? 0;
        const cursor = reached.get(practiceId) ?? start;
        total += Math.max(0, head - start);
        done += Math.max(0, Math.min(cursor, head) - start);
      }
      return total === 0 ? null : Math.min(100, Math.floor((done * 100) / total));
    },
  };
};
