import 'server-only';
import type { AppError } from '@/lib/api/errors';
import type { TRole } from '@/lib/auth/permissions';
import type { Tx } from '@/lib/db/client';
import type { TConflictReason } from '../protocol/push';

/**
 * What a run of mutations shares on the server: consecutive mutations of one name in one practice
 * of a push (or the single mutation of a REST call or job), executed together so that a batch of
 * hundreds costs a handful of statements (DESIGN §8 push budget).
 */
export type RunContext = {
  /** The push's (or the REST call's) transaction; use only this. */
  tx: Tx;
  userId: string;
  /** The actor's role in `practiceId` (already checked against the mutation's permission). */
  role: TRole;
  practiceId: string;
  /** This transaction's version in the practice (DESIGN §5 invariant 1). */
  version: number;
  /** The replica; null for the REST API and jobs. */
  clientId: string | null;
  mutationName: string;
  request: { requestId: string | null; ipAddress: string | null; userAgent: string | null };
};

/** One mutation of a run. */
export type RunItem<TArgs> = {
  args: TArgs;
  /** The replica's mutation id; null for the REST API and jobs. */
  mutationId: number | null;
  /** When the person made the change (device clock); the audit keeps it as the time it happened. */
  occurredAt: Date;
};

/** Who and what one mutation runs for. */
export type MutationContext = RunContext & Omit<RunItem<unknown>, 'args'>;

export const itemContext = (ctx: RunContext, item: RunItem<unknown>): MutationContext => ({
  ...ctx,
  mutationId: item.mutationId,
  occurredAt: item.occurredAt,
});

/** What an executor reports back for one mutation that it applied or turned into a conflict. */
export type ExecuteOutcome =
  | { status: 'applied' }
  | { status: 'conflict'; reason: TConflictReason; conflictId: string };

/**
 * What a run reports per mutation. `refused` means the rules said no and the mutation wrote
 * nothing — the run's other mutations stand. A throw is for what no single mutation explains (the
 * database went away, a bug): it aborts the whole push, nothing commits, and the device retries.
 */
export type ItemOutcome = ExecuteOutcome | { status: 'refused'; error: AppError };
