import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import { MUTATIONS } from '../mutations/registry';
import { MAX_PULL_LIMIT, type TPullResponse } from '../protocol/pull';
import type { TMutationResult } from '../protocol/push';
import type { TSyncedTable } from '../protocol/tables';
import { SYNC_PROTOCOL_VERSION } from '../protocol/version';
import { backoffDelayMs } from './backoff';
import { createPullProgress } from './pull-progress';
import type { LocalStore, LocalTx } from './local-store';
import type { LocalRow, LocalWriter } from './local-writer';
import { isTransient, SyncTransportError, type SyncFailureKind, type SyncTransport } from './transport';

/*
 * The replicator (DESIGN §5, issue #5 §5): independent of the browser, it depends only on a
 * LocalStore and a SyncTransport, so the browser's worker, Node tests and benchmarks run this
 * same code.
 *
 * - mutate(): validates, applies the mutation optimistically and appends it to the outbox in ONE
 *   local transaction (invariant 4), then asks for a sync.
 * - push(): sends pending mutations in order, in batches. A mutation the server rejects leaves the
 *   outbox for the rejected list (kept until a person dismisses it) and is undone at the next rebase.
 * - pull(): applies the server's changes and rebases: shadows (confirmed states) are restored, the
 *   changes applied, confirmed mutations dropped, and the rest replayed on top.
 * - sync() runs push then pull; failures back off with jitter; only transient ones are retried.
 */

const META_CLIENT_ID = 'client_id';
const META_LAST_SYNCED_AT = 'last_synced_at';
const META_PUSHED_THROUGH = 'pushed_through';
const PUSH_BATCH = 200;
// The largest page the server answers: an initial sync of 100k rows in 20 round trips, not 100.
const PULL_LIMIT = MAX_PULL_LIMIT;

export type ReplicatorPhase = 'idle' | 'pushing' | 'pulling' | 'waiting_retry' | 'stopped';

export type ReplicatorStatus = {
  phase: ReplicatorPhase;
  /** Mutations made on this device and not yet confirmed by a pull. */
  pending: number;
  /** Mutations the server refused, kept for a person to see. */
  rejected: number;
  lastSyncedAt: string | null;
  oldestPendingAt: string | null;
  /** The last failure, until a sync succeeds. */
  error: { kind: SyncFailureKind; message: string } | null;
  /**
   * During a pull: changes applied so far in this sync (rows put or removed), and how far through
   * the practices' histories the pull is, 0–100 (src/lib/sync/client/pull-progress.ts: versions, not
   * rows); `percent` is null before the first answer and when the server does not say its heads.
   */
  progress: { applied: number; percent: number | null } | null;
};

export type ReplicatorOptions = {
  store: LocalStore;
  transport: SyncTransport;
  /** The signed-in user; recorded on optimistic rows. */
  userId: string;
  /** The client id for a store that has none yet (see open()). */
  clientId?: string;
  now?: () => Date;
  random?: () => number;
  /** Timers, replaceable in tests. */
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  /** Called with every status change and with the tables a local write or pull touched. */
  onStatus?: (status: ReplicatorStatus) => void;
  onChange?: (tables: ReadonlySet<TSyncedTable>) => void;
  /** Sync after every local change (default). Tests that choreograph devices turn it off. */
  autoSync?: boolean;
  /** Changes asked for per pull (default and maximum: the protocol's MAX_PULL_LIMIT). Tests use small pages. */
  pullLimit?: number;
};

/** Whether a pull answer is older than what the store already holds for a practice it does not reset. */
const isStale = (answer: TPullResponse, stored: Readonly<Record<string, number>>): boolean =>
  Object.entries(answer.cursors).some(([practiceId, version]) => !answer.resets.includes(practiceId) && (stored[practiceId] ?? 0) > version);

/** The shadowing writer: before a pending mutation first touches a row, its confirmed state is kept. */
const shadowingWriter = (tx: LocalTx, touched: Set<TSyncedTable>): LocalWriter => {
  const keep = async (table: TSyncedTable, id: string) => {
    if ((await tx.getShadow(table, id)) === undefined) {
      await tx.putShadow({ table, id, row: await tx.getRow(table, id) });
    }
  };
  return {
    get: (table, id) => tx.getRow(table, id),
    put: async (table, row) => {
      await keep(table, row.id);
      await tx.putRow(table, row);
      touched.add(table);
    },
    remove: async (table, id) => {
      await keep(table, id);
      await tx.deleteRow(table, id);
      touched.add(table);
    },
  };
};

export class Replicator {
  private status: ReplicatorStatus = {
    phase: 'idle',
    pending: 0,
    rejected: 0,
    lastSyncedAt: null,
    oldestPendingAt: null,
    error: null,
    progress: null,
  };
  private running: Promise<void> | null = null;
  private again = false;
  private attempt = 0;
  private timer: unknown = null;
  private stopped = false;

  private constructor(
    private readonly options: ReplicatorOptions,
    readonly clientId: string,
  ) {}

  /**
   * Opens the replicator on a store, giving the replica its client id on first use: `clientId`
   * when given (the device id the browser registered, src/lib/domain/devices, so that revoking the
   * device stops this replica), otherwise a new one. A store keeps the id it was first given.
   */
  static async open(options: ReplicatorOptions): Promise<Replicator> {
    const clientId = await options.store.transaction(async (tx) => {
      const existing = await tx.getMeta(META_CLIENT_ID);
      if (existing) {
        return existing;
      }
      const id = options.clientId ?? uuidv7();
      await tx.setMeta(META_CLIENT_ID, id);
      return id;
    });
    const replicator = new Replicator(options, clientId);
    await replicator.refreshStatus();
    return replicator;
  }

  getStatus(): ReplicatorStatus {
    return this.status;
  }

  private now(): Date {
    return (this.options.now ?? (() => new Date()))();
  }

  private setStatus(patch: Partial<ReplicatorStatus>) {
    this.status = { ...this.status, ...patch };
    this.options.onStatus?.(this.status);
  }

  private async refreshStatus() {
    const facts = await this.options.store.transaction(async (tx) => ({
      pending: await tx.countOutbox(),
      oldestPendingAt: await tx.oldestOutboxAt(),
      rejected: (await tx.listRejected()).length,
      lastSyncedAt: await tx.getMeta(META_LAST_SYNCED_AT),
    }));
    this.setStatus(facts);
  }

  /**
   * Makes a change: validated by the mutation's schema, applied to the local rows and queued in the
   * outbox in one local transaction. Returns the mutation id. Throws the Zod error for bad input
   * (a form shows it per field) — nothing is written then.
   */
  async mutate(name: string, args: unknown): Promise<number> {
    const definition = MUTATIONS.get(name);
    if (!definition) {
      throw new TypeError(`unknown mutation ${name}`);
    }
    const parsed = (definition.args as z.ZodType).parse(args) as never;
    const createdAt = this.now();
    const touched = new Set<TSyncedTable>();
    const id = await this.options.store.transaction(async (tx) => {
      const last = Number((await tx.getMeta('last_mutation_id')) ?? '0');
      const mutationId = last + 1;
      const entityId = definition.entityIdOf(parsed);
      const row = entityId === null ? null : await tx.getRow(definition.entity, entityId);
      const baseVersions = row && typeof row.version === 'number' && row.version > 0 ? { [row.id]: row.version } : {};
      await definition.applyLocal(shadowingWriter(tx, touched), parsed, { userId: this.options.userId, createdAt });
      await tx.appendOutbox({ id: mutationId, name, args: parsed, baseVersions, createdAt: createdAt.toISOString() });
      await tx.setMeta('last_mutation_id', String(mutationId));
      return mutationId;
    });
    this.options.onChange?.(touched);
    await this.refreshStatus();
    if (this.options.autoSync !== false) {
      this.requestSync();
    }
    return id;
  }

  /** Asks for a sync soon (coalesced with one already running). */
  requestSync(): void {
    if (this.stopped) {
      return;
    }
    void this.sync().catch(() => undefined);
  }

  /** A poke from the server: pull when the practice moved past our cursor. */
  async poke({ practiceId, version }: { practiceId: string; version: number }): Promise<void> {
    const cursors = await this.options.store.transaction((tx) => tx.getCursors());
    if ((cursors[practiceId] ?? 0) < version) {
      this.requestSync();
    }
  }

  /** Push then pull until both have nothing left; one at a time, with a follow-up if asked meanwhile. */
  sync(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const run = (async () => {
      try {
        do {
          this.again = false;
          await this.push();
          await this.pull();
        } while (this.again && !this.stopped);
        this.attempt = 0;
        this.setStatus({ phase: 'idle', error: null, progress: null });
      } catch (error) {
        this.onFailure(error);
        throw error;
      } finally {
        this.running = null;
      }
    })();
    this.running = run;
    return run;
  }

  private onFailure(error: unknown) {
    const failure =
      error instanceof SyncTransportError ? error : new SyncTransportError('server', error instanceof Error ? error.message : 'sync failed');
    this.setStatus({ error: { kind: failure.kind, message: failure.message }, progress: null });
    if (!isTransient(failure.kind) || this.stopped) {
      this.setStatus({ phase: failure.kind === 'unauthenticated' ? 'idle' : 'stopped' });
      return;
    }
    const delay = Math.max(backoffDelayMs(this.attempt, this.options.random), (failure.retryAfterSeconds ?? 0) * 1000);
    this.attempt += 1;
    this.setStatus({ phase: 'waiting_retry' });
    const setTimer = this.options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.timer = setTimer(() => {
      this.timer = null;
      this.requestSync();
    }, delay);
  }

  /** Stops retrying and scheduling (sign-out, idle lock, tests). */
  stop(): void {
    this.stopped = true;
    if (this.timer !== null) {
      (this.options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)))(this.timer);
      this.timer = null;
    }
    this.setStatus({ phase: 'stopped' });
  }

  /** Sends pending mutations in order until the outbox has nothing unsent. */
  async push(): Promise<void> {
    // Mutations up to `pushed_through` have an answer; they wait in the outbox for the pull that
    // confirms them, and are sent again only if that answer was lost (the server repeats it).
    let afterId = Number((await this.options.store.transaction((tx) => tx.getMeta(META_PUSHED_THROUGH))) ?? '0');
    for (;;) {
      const batch = await this.options.store.transaction((tx) => tx.listOutbox({ afterId, limit: PUSH_BATCH }));
      if (batch.length === 0) {
        return;
      }
      this.setStatus({ phase: 'pushing' });
      const answer = await this.options.transport.push({
        protocolVersion: SYNC_PROTOCOL_VERSION,
        clientId: this.clientId,
        mutations: batch,
      });
      const rejected = answer.results.filter((result): result is Extract<TMutationResult, { status: 'rejected' }> => result.status === 'rejected');
      if (rejected.length > 0) {
        const touched = new Set<TSyncedTable>();
        await this.options.store.transaction(async (tx) => {
          for (const result of rejected) {
            const entry = batch.find((mutation) => mutation.id === result.id);
            if (entry) {
              await tx.addRejected({ id: entry.id, name: entry.name, args: entry.args, error: result.error, rejectedAt: this.now().toISOString() });
              await tx.deleteOutboxEntry(entry.id);
            }
          }
          // Undo the refused effects now, not only at the next pull (which may be far off offline).
          await this.rebase(tx, null, touched);
        });
        this.options.onChange?.(touched);
        await this.refreshStatus();
      }
      await this.options.store.transaction((tx) => tx.setMeta(META_PUSHED_THROUGH, String(answer.lastMutationId)));
      if (answer.results.length < batch.length) {
        // The server stopped at a gap: this replica's outbox lost a mutation. Retrying cannot help.
        throw new SyncTransportError('forbidden', 'The server refused the order of changes from this device.');
      }
      afterId = batch.at(-1)?.id ?? afterId;
    }
  }

  /** Pulls until caught up, applying and rebasing each page in one local transaction. */
  async pull(): Promise<void> {
    // An initial sync into an empty store loads in bulk: without the search indexes (built once at
    // the end: maintaining them row by row is most of the cost of 100k rows) and with a larger page
    // cache meanwhile.
    const bulk = await this.options.store.transaction(async (tx) => {
      const empty = (await tx.isEmpty()) && Object.keys(await tx.getCursors()).length === 0;
      if (empty) {
        await tx.setBulkLoad(true);
      }
      return empty;
    });
    try {
      await this.pullPages();
    } finally {
      if (bulk) {
        await this.options.store.transaction((tx) => tx.setBulkLoad(false));
      }
    }
  }

  private requestPage(cursors: TPullResponse['cursors']): Promise<TPullResponse> {
    const limit = Math.min(this.options.pullLimit ?? PULL_LIMIT, PULL_LIMIT);
    const answer = this.options.transport.pull({ protocolVersion: SYNC_PROTOCOL_VERSION, clientId: this.clientId, cursors, limit });
    // Awaited later (or dropped when its page turns out not to be needed); a failure then surfaces
    // where it is awaited, never as an unhandled rejection.
    answer.catch(() => undefined);
    return answer;
  }

  private async pullPages(): Promise<void> {
    let applied = 0;
    const progress = createPullProgress();
    let next: Promise<TPullResponse> | null = null;
    for (;;) {
      this.setStatus({ phase: 'pulling', progress: { applied, percent: progress.percent() } });
      const answer: TPullResponse = await (next ?? this.requestPage(await this.options.store.transaction((tx) => tx.getCursors())));
      // Pipelining: while this page is applied, the server already works on the next one, asked from
      // where this page leaves the replica. Pages are still applied one at a time, in order, each
      // checked against the store's cursors first.
      next = answer.hasMore ? this.requestPage(answer.cursors) : null;
      const touched = new Set<TSyncedTable>();
      const fresh = await this.options.store.transaction(async (tx) => {
        const before = await tx.getCursors();
        if (isStale(answer, before)) {
          return false;
        }
        await this.rebase(tx, answer, touched);
        progress.record(answer, before);
        return true;
      });
      if (!fresh) {
        // Another replicator on this store (a second tab before leader election settles) applied a
        // newer answer meanwhile: this one would move cursors and rows back, and the page asked
        // after it starts from a place the store is not at. Ask again from the store's cursors.
        next = null;
        continue;
      }
      applied += answer.changes.length;
      if (touched.size > 0) {
        this.options.onChange?.(touched);
      }
      if (!answer.hasMore) {
        await this.options.store.transaction((tx) => tx.setMeta(META_LAST_SYNCED_AT, this.now().toISOString()));
        await this.refreshStatus();
        this.setStatus({ progress: null });
        return;
      }
      this.setStatus({ progress: { applied, percent: progress.percent() } });
    }
  }

  /**
   * Confirmed rows + pending mutations replayed (DESIGN §5): restore the confirmed states kept in
   * shadows, apply the server's page (if any), drop what the server has included, replay the rest.
   */
  private async rebase(tx: LocalTx, answer: TPullResponse | null, touched: Set<TSyncedTable>): Promise<void> {
    for (const shadow of await tx.listShadows()) {
      if (shadow.row === null) {
        await tx.deleteRow(shadow.table, shadow.id);
      } else {
        await tx.putRow(shadow.table, shadow.row);
      }
      touched.add(shadow.table);
    }
    await tx.clearShadows();
    if (answer) {
      for (const practiceId of [...answer.revoked, ...answer.resets]) {
        await tx.deletePracticeRows(practiceId);
        await tx.deleteCursor(practiceId);
        touched.add('patients').add('conflicts');
      }
      // A page names each row once (one change log entry per row), so rows can be written
      // grouped by table without changing the outcome. Rows are stored as received: the transport
      // checked them (id, practice, version and each field's type).
      const puts = new Map<TSyncedTable, LocalRow[]>();
      for (const change of answer.changes) {
        if (change.op === 'put') {
          const rows = puts.get(change.table) ?? [];
          rows.push(change.row);
          puts.set(change.table, rows);
        } else {
          await tx.deleteRow(change.table, change.id);
        }
        touched.add(change.table);
      }
      for (const [table, rows] of puts) {
        await tx.putRows(table, rows);
      }
      await tx.setCursors(answer.cursors);
      await tx.deleteOutboxThrough(answer.lastMutationId);
    }
    const writer = shadowingWriter(tx, touched);
    for (const entry of await tx.listOutbox()) {
      const definition = MUTATIONS.get(entry.name);
      const parsed = definition?.args.safeParse(entry.args);
      if (definition && parsed?.success) {
        await definition.applyLocal(writer, parsed.data as never, { userId: this.options.userId, createdAt: new Date(entry.createdAt) });
      }
    }
  }

  /** A person acknowledged a refused change: it leaves the device. */
  async dismissRejected(id: number): Promise<void> {
    await this.options.store.transaction((tx) => tx.deleteRejected(id));
    await this.refreshStatus();
  }
}
