/*
 * Field-level three-way merge (DESIGN §5 conflict policy), shared by the server (authoritative)
 * and the device (to predict the outcome when it rebases). Pure: no I/O.
 *
 * For each field the device changed, compare three values: `base` (what the device saw before
 * the change), `mine` (the device's new value) and `theirs` (the server's value now).
 * - theirs equals base: nobody else changed it → take mine;
 * - theirs equals mine: both made the same change → nothing to do, no conflict;
 * - otherwise someone else changed it to something different → a collision: the server keeps
 *   theirs and a person decides (a conflict record holds all three).
 * Fields the device did not touch are never written, so concurrent edits of different fields merge.
 */

export type FieldValue = string | null;

export type FieldCollision = { field: string; base: FieldValue; mine: FieldValue; theirs: FieldValue };

export type MergeOutcome = {
  /** Fields to write, with the device's values. */
  apply: Record<string, FieldValue>;
  collisions: FieldCollision[];
};

export const mergeFields = ({
  base,
  mine,
  theirs,
}: {
  base: Readonly<Record<string, FieldValue>>;
  mine: Readonly<Record<string, FieldValue>>;
  theirs: Readonly<Record<string, FieldValue>>;
}): MergeOutcome => {
  const apply: Record<string, FieldValue> = {};
  const collisions: FieldCollision[] = [];
  for (const [field, mineValue] of Object.entries(mine)) {
    const baseValue = base[field] ?? null;
    const theirValue = theirs[field] ?? null;
    if (theirValue === mineValue) {
      continue;
    }
    if (theirValue === baseValue) {
      apply[field] = mineValue;
      continue;
    }
    collisions.push({ field, base: baseValue, mine: mineValue, theirs: theirValue });
  }
  return { apply, collisions };
};
