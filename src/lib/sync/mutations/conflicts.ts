import { z } from 'zod';
import { ZUuid } from '@/lib/domain/practices/schemas';
import { defineMutation } from './define';
import { bookAppointmentMutation, rescheduleAppointmentMutation } from './scheduling';

/*
 * Resolving a conflict is a mutation like any other (issue #5 §4): it syncs, it is audited, and a
 * second device resolving the same conflict meanwhile gets a conflict of its own rather than a
 * silent overwrite.
 */

export const CONFLICT_CHOICES = ['keep_mine', 'keep_theirs', 'merged', 'dismissed'] as const;

export const ZResolveConflict = z
  .object({
    practiceId: ZUuid,
    conflictId: ZUuid,
    /**
     * - keep_mine: write the device's values (and restore an archived row it edited);
     * - keep_theirs: keep what the server has;
     * - merged: write `values`, a person's combination of both;
     * - dismissed: acknowledge a refused change without applying anything.
     */
    resolution: z.enum(CONFLICT_CHOICES),
    values: z.record(z.string(), z.string().nullable()).optional(),
  })
  .strict()
  .refine((value) => value.resolution !== 'merged' || value.values !== undefined, {
    error: 'a merged resolution needs the merged values',
    path: ['values'],
  });
export type TResolveConflict = z.infer<typeof ZResolveConflict>;
export type TConflictChoice = TResolveConflict['resolution'];

/**
 * Which resolutions make sense for a conflict's reason: the server's rule, and the choices the inbox
 * offers (one list, shared by both). A same-field collision may be settled either way or merged; an
 * edit of an archived patient may restore it with the device's changes (keep mine) or confirm the
 * archive (keep theirs); a refused change has nothing to apply and is dismissed.
 */
export const allowedResolutions = (reason: string): readonly TConflictChoice[] => {
  switch (reason) {
    case 'field_collision':
      return ['keep_mine', 'keep_theirs', 'merged'];
    case 'edit_after_delete':
      return ['keep_mine', 'keep_theirs'];
    case 'slot_taken':
      // Book again: at the same time (it may have freed up), at another time the person picked from
      // the suggestions (merged: the new times), or give up.
      return ['merged', 'keep_mine', 'dismissed'];
    default:
      return ['dismissed', 'keep_theirs'];
  }
};

/**
 * For a `slot_taken` conflict resolved by booking again: the original mutation and its arguments
 * with the chosen times (merged) or as they were (keep mine). Null for every other resolution.
 */
export const retriedMutation = (
  conflict: Readonly<Record<string, unknown>>,
  args: Pick<TResolveConflict, 'resolution' | 'values'>,
): { definition: typeof bookAppointmentMutation | typeof rescheduleAppointmentMutation; args: Record<string, unknown> } | null => {
  if (conflict.reason !== 'slot_taken' || (args.resolution !== 'keep_mine' && args.resolution !== 'merged')) {
    return null;
  }
  const definition = [bookAppointmentMutation, rescheduleAppointmentMutation].find((candidate) => candidate.name === conflict.mutationName);
  const mine = typeof conflict.mine === 'object' && conflict.mine !== null ? (conflict.mine as Record<string, unknown>) : null;
  if (!definition || !mine) {
    return null;
  }
  return { definition, args: args.resolution === 'merged' ? { ...mine, ...args.values } : mine };
};

export const resolveConflictMutation = defineMutation({
  name: 'conflicts.resolve',
  args: ZResolveConflict,
  // Conflicts are about patients for now; the executor checks the entity's own write permission.
  permission: 'patients.write',
  entity: 'conflicts',
  practiceIdOf: (args) => args.practiceId,
  entityIdOf: (args) => args.conflictId,
  applyLocal: async (db, args, meta) => {
    const conflict = await db.get('conflicts', args.conflictId);
    if (!conflict || conflict.status !== 'open') {
      return;
    }
    const at = meta.createdAt.toISOString();
    const values =
      args.resolution === 'keep_mine' ? (conflict.mine as Record<string, unknown>) : args.resolution === 'merged' ? args.values : undefined;
    const entityId = typeof conflict.entityId === 'string' ? conflict.entityId : null;
    const retried = retriedMutation(conflict, args);
    if (retried) {
      // A booking or move that found its slot taken, tried again (at the times the person chose).
      await retried.definition.applyLocal(db, retried.args as never, meta);
    } else if (values && entityId && conflict.entityTable === 'patients') {
      const row = await db.get('patients', entityId);
      if (row) {
        await db.put('patients', { ...row, ...values, archivedAt: null, updatedAt: at, updatedBy: meta.userId });
      }
    }
    await db.put('conflicts', { ...conflict, status: 'resolved', resolution: args.resolution, resolvedBy: meta.userId, resolvedAt: at });
  },
});
