import { LocalDbError } from './errors';
import type { RelayedRequest } from './tab-protocol';
import { isUnrepeatableOp } from './worker-protocol';

/*
 * A tab's requests waiting for the leader's answer. A leader can go away between receiving a
 * request and answering it. When a new leader appears, each unanswered request is sent again,
 * except a statement that writes (`run`, `exec`) the lost leader had already accepted: it may have
 * committed just before the tab went away, so it fails with `outcome_unknown` instead of risking a
 * second run. A `mutate` is sent again: its request id makes the second run answer the first one's
 * mutation id (mutate-requests.ts).
 */

export type Outcome = { ok: true; value: unknown } | { ok: false; error: LocalDbError };

type Pending = {
  request: RelayedRequest;
  /** The leader that accepted it, once one did. */
  acceptedBy: string | undefined;
  resolve: (value: unknown) => void;
  reject: (error: LocalDbError) => void;
  timer: ReturnType<typeof setTimeout>;
};

export class PendingRequests {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly timeoutMs: number) {}

  /** Registers a request, times it out after `timeoutMs`, and hands it to `send` with its id. */
  add(request: RelayedRequest, send: (id: number, request: RelayedRequest) => void): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      const timer = setTimeout(() => this.settle(id, { ok: false, error: new LocalDbError('timeout') }), this.timeoutMs);
      this.pending.set(id, { request, acceptedBy: undefined, resolve, reject, timer });
      send(id, request);
    });
  }

  accepted(id: number, leaderId: string): void {
    const pending = this.pending.get(id);
    if (pending) {
      pending.acceptedBy = leaderId;
    }
  }

  settle(id: number, outcome: Outcome): void {
    const pending = this.pending.get(id);
    if (!pending) {
      return; // answered already (e.g. by the old leader after a resend), or timed out
    }
    this.pending.delete(id);
    clearTimeout(pending.timer);
    if (outcome.ok) {
      pending.resolve(outcome.value);
    } else {
      pending.reject(outcome.error);
    }
  }

  /** `leaderId` now leads: everything its predecessor left unanswered goes to `send` again. */
  redirect(leaderId: string, send: (id: number, request: RelayedRequest) => void): void {
    for (const [id, pending] of this.pending) {
      if (pending.acceptedBy === leaderId) {
        continue; // the current leader has it; its answer is coming
      }
      if (pending.acceptedBy !== undefined && isUnrepeatableOp(pending.request.op)) {
        this.settle(id, { ok: false, error: new LocalDbError('outcome_unknown') });
        continue;
      }
      pending.acceptedBy = undefined;
      send(id, pending.request);
    }
  }

  rejectAll(error: LocalDbError): void {
    for (const id of [...this.pending.keys()]) {
      this.settle(id, { ok: false, error });
    }
  }
}
