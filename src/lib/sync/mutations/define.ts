import type { z } from 'zod';
import type { TPermission } from '@/lib/auth/permissions';
import type { LocalWriter } from '../client/local-writer';
import type { TSyncedTable } from '../protocol/tables';

/*
 * A mutation is declared once (issue #5 §2): its name, its arguments' Zod schema, the permission it
 * needs, the practice and entity it is about, and its optimistic effect on the device's database.
 * The server's authoritative effect is registered against the same declaration in
 * src/lib/sync/server/executors.ts (server-only code cannot live in this browser-safe module); a
 * test fails when a declaration has no executor or an executor no declaration.
 */

export type MutationMeta = {
  /** The member making the change. */
  userId: string;
  /** When the person made it (device clock). */
  createdAt: Date;
};

export type MutationDefinition<TSchema extends z.ZodType = z.ZodType> = {
  name: `${string}.${string}`;
  args: TSchema;
  permission: TPermission;
  /** The table whose row the mutation is about, for conflict records. */
  entity: TSyncedTable;
  practiceIdOf: (args: z.output<TSchema>) => string;
  entityIdOf: (args: z.output<TSchema>) => string | null;
  /**
   * The optimistic effect, applied in the same local transaction as the outbox entry, and replayed
   * on top of confirmed rows at every rebase. It must be deterministic given the local rows.
   */
  applyLocal: (db: LocalWriter, args: z.output<TSchema>, meta: MutationMeta) => Promise<void>;
};

/** Declares a mutation (keeps the argument type flowing into the callbacks). */
export const defineMutation = <TSchema extends z.ZodType>(definition: MutationDefinition<TSchema>): MutationDefinition<TSchema> =>
  definition;
