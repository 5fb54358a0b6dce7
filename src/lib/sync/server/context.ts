import 'server-only';
import type { TRole } from '@/lib/auth/permissions';
import type { Tx } from '@/lib/db/client';
import type { TConflictReason } from '../protocol/push';

/** Who and what a mutation runs for on the server (one per mutation of a push). */
export type MutationContext = {
  /** The mutation's savepoint inside the push transaction; use only this. */
  tx: Tx;
  userId: string;
  /** The actor's role in `practiceId` (already checked against the mutation's permission). */
  role: TRole;
  practiceId: string;
  /** This transaction's version in the practice (DESIGN §5 invariant 1), allocated before the savepoint. */
  version: number;
  /** The replica and its mutation id; null for the REST API and jobs. */
  clientId: string | null;
  mutationId: number | null;
  mutationName: string;
  /** When the person made the change (device clock); the audit keeps it as the time it happened. */
  occurredAt: Date;
  request: { requestId: string | null; ipAddress: string | null; userAgent: string | null };
};

/** What an executor reports back; a refusal is thrown as an AppError instead. */
export type ExecuteOutcome =
  | { status: 'applied' }
  | { status: 'conflict'; reason: TConflictReason; conflictId: string };
