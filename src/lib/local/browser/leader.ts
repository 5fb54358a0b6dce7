import { LocalDbError, toLocalDbError } from './errors';
import { assertFileName, leaderLockName, tabChannelName, type LocalVfs } from './names';
import { PendingRequests, type Outcome } from './pending-requests';
import { deleteLocalDatabaseFiles } from './storage';
import { parseTabMessage, TAB_PROTOCOL_VERSION, type RelayedRequest, type TabMessage, type TabMessageBody } from './tab-protocol';
import { DEFAULT_WORKER_URL, WorkerClient } from './worker-client';
import { keepsAnswer, type LocalSyncStatus, type RelayedOp, type WorkerOps } from './worker-protocol';

/*
 * One leader per local database (issue #6 §2). The tab holding the Web Lock `leaderLockName(file)`
 * runs the worker and owns the database; every other tab sends its statements to it over the
 * database's BroadcastChannel and hears which tables changed. The lock is released when the leader
 * closes or its tab goes away; the next waiting tab then gets it, starts its own worker, opens the
 * same file and announces itself, and followers send it the requests still unanswered
 * (pending-requests.ts: except statements that write, when the lost leader had accepted them).
 *
 * With `sync`, whichever tab leads runs the sync engine in its worker (worker-sync.ts), forwards
 * the page's online/offline events to it, and broadcasts its status to every tab.
 */

export type TabCoordinatorOptions = {
  fileName: string;
  /** The data key as 64 lowercase hex digits (dataKeyHex of the unwrapped key). */
  key: string;
  /** `idb` forces the IndexedDB VFS; otherwise OPFS where the browser has it. */
  preferVfs?: LocalVfs;
  workerUrl?: string;
  /** How long a statement or the connect may wait for a leader's answer. */
  timeoutMs?: number;
  /** Sync this database for the signed-in user: the leader tab's worker runs the replicator. */
  sync?: { userId: string; clientId?: string };
};

const DEFAULT_TIMEOUT_MS = 30_000;
/** Answers to writes a leader remembers, so a write sent twice (during a handover) runs once. */
const SERVED_MEMORY = 256;

const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

export class TabCoordinator {
  private readonly tabId = crypto.randomUUID();
  private readonly fileName: string;
  private key: string;
  private readonly preferVfs: LocalVfs | undefined;
  private readonly workerUrl: string;
  private readonly timeoutMs: number;
  private readonly sync: { userId: string; clientId?: string } | undefined;
  private readonly channel: BroadcastChannel;
  private readonly lockAbort = new AbortController();

  private role: 'follower' | 'opening' | 'leader' = 'follower';
  private closedReason: LocalDbError | undefined;
  private shutdownDone: Promise<void> | undefined;
  private worker: WorkerClient | undefined;
  private releaseLock: (() => void) | undefined;
  /** The leader this tab knows: another tab's id, or its own while leading. */
  private leaderId: string | undefined;
  private leaderVfs: LocalVfs | undefined;
  /** Once a leader was seen the file exists: taking over must not create an empty one after a wipe. */
  private seenLeader = false;

  private readonly pending: PendingRequests;
  /** Follower requests by `from:id`: running, or the answer to a finished write. */
  private readonly served = new Map<string, TabMessageBody | 'running'>();
  private readonly running = new Set<Promise<unknown>>();
  private readonly tableListeners = new Set<(tables: readonly string[]) => void>();
  private readonly leaderListeners = new Set<(isLeader: boolean) => void>();
  private readonly syncListeners = new Set<(status: LocalSyncStatus) => void>();
  /** The last sync status this tab heard (a leader repeats it to tabs that say hello). */
  private syncStatus: LocalSyncStatus | undefined;
  /** Removes the leader's online/offline listeners. */
  private stopForwardingNetwork: (() => void) | undefined;
  private connected: { resolve: () => void; reject: (error: LocalDbError) => void } | undefined;

  constructor(options: TabCoordinatorOptions) {
    this.fileName = assertFileName(options.fileName);
    this.key = options.key;
    this.preferVfs = options.preferVfs;
    this.workerUrl = options.workerUrl ?? DEFAULT_WORKER_URL;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.sync = options.sync;
    this.pending = new PendingRequests(this.timeoutMs);
    if (typeof navigator.locks?.request !== 'function' || typeof BroadcastChannel !== 'function') {
      // Web Locks exist only in secure contexts (https, localhost).
      throw new LocalDbError('storage_unavailable', 'the local database needs Web Locks and BroadcastChannel (a secure context)');
    }
    this.channel = new BroadcastChannel(tabChannelName(this.fileName));
  }

  /** Resolves once this tab leads (database open) or knows the leader. */
  start(): Promise<void> {
    const connected = new Promise<void>((resolve, reject) => {
      this.connected = { resolve, reject };
    });
    this.channel.addEventListener('message', (event: MessageEvent<unknown>) => {
      const message = parseTabMessage(event.data);
      if (message) {
        this.onMessage(message);
      }
    });
    navigator.locks
      .request(leaderLockName(this.fileName), { signal: this.lockAbort.signal }, () => this.lead())
      .catch((error: unknown) => {
        if (!isAbort(error)) {
          void this.shutdown(toLocalDbError(error));
        }
      });
    this.post({ type: 'hello' });
    const timer = setTimeout(() => void this.shutdown(new LocalDbError('timeout')), this.timeoutMs);
    return connected.finally(() => clearTimeout(timer));
  }

  isLeader(): boolean {
    return this.role === 'leader' && this.closedReason === undefined;
  }

  vfs(): LocalVfs {
    if (this.leaderVfs === undefined) {
      throw new LocalDbError('not_open');
    }
    return this.leaderVfs;
  }

  onTablesChanged(listener: (tables: readonly string[]) => void): () => void {
    this.tableListeners.add(listener);
    return () => this.tableListeners.delete(listener);
  }

  onLeaderChange(listener: (isLeader: boolean) => void): () => void {
    this.leaderListeners.add(listener);
    return () => this.leaderListeners.delete(listener);
  }

  onSyncStatus(listener: (status: LocalSyncStatus) => void): () => void {
    this.syncListeners.add(listener);
    return () => this.syncListeners.delete(listener);
  }

  /** Runs an operation in the leader's worker: this tab's own, or another tab's through the channel. */
  call<K extends RelayedOp>(op: K, args: WorkerOps[K]['args']): Promise<WorkerOps[K]['result']> {
    if (this.closedReason) {
      return Promise.reject(this.closedReason);
    }
    const request = { op, args } as RelayedRequest;
    if (this.role === 'leader') {
      return this.execute(request) as Promise<WorkerOps[K]['result']>;
    }
    // While this tab is opening as the new leader nobody answers; lead() runs it afterwards.
    return this.pending.add(request, (id) => this.post({ type: 'request', id, ...request })) as Promise<WorkerOps[K]['result']>;
  }

  /** Finishes what runs, closes the database (leader) and leaves the election; another tab takes over. */
  close(): Promise<void> {
    return this.shutdown(new LocalDbError('closed'));
  }

  /** Closes every tab's connection and deletes the database wherever it is stored. */
  async wipe(): Promise<void> {
    this.post({ type: 'wipe' });
    // A leader deletes the files in its worker as it closes; a follower's leader does on the message.
    await this.shutdown(new LocalDbError('wiped'), { wipe: this.role === 'leader' });
    // Deleting again under the lock, once the leader let go, catches what is left and makes a
    // failure to delete reach the caller: a wipe never fails silently.
    await deleteUnderLeaderLock(this.fileName);
  }

  // ---- leading ----

  /** Runs while this tab holds the lock; returning releases it. */
  private async lead(): Promise<void> {
    if (this.closedReason) {
      return;
    }
    this.role = 'opening';
    const worker = new WorkerClient(this.workerUrl, {
      onChanges: (tables) => this.publishTables(tables),
      onStatus: (status) => this.publishSyncStatus(status),
      // A crashed worker must not keep the lock: another tab takes over with a fresh one.
      onFailure: (error) => void this.shutdown(error),
    });
    let vfs: LocalVfs;
    try {
      ({ vfs } = await worker.call('open', { key: this.key, fileName: this.fileName, preferVfs: this.preferVfs, mustExist: this.seenLeader }));
    } catch (error) {
      worker.terminate();
      this.role = 'follower';
      void this.shutdown(toLocalDbError(error));
      return;
    }
    if (this.closedReason) {
      // Closed (or wiped elsewhere) while opening: hand the file back untouched.
      await worker.call('close', {}).catch(() => undefined);
      worker.terminate();
      this.role = 'follower';
      return;
    }
    this.worker = worker;
    this.role = 'leader';
    this.leaderId = this.tabId;
    this.leaderVfs = vfs;
    this.seenLeader = true;
    const held = new Promise<void>((resolve) => {
      this.releaseLock = resolve;
    });
    this.post({ type: 'leader', vfs });
    this.connected?.resolve();
    this.leaderListeners.forEach((listener) => listener(true));
    // Sync first: a mutate left by the lost leader (sent again below) waits in the worker for the
    // replicator that startSync opens.
    if (this.sync) {
      this.startSync(worker, this.sync);
    }
    this.pending.redirect(this.tabId, (id, request) => {
      void this.execute(request).then(
        (value) => this.pending.settle(id, { ok: true, value }),
        (error: unknown) => this.pending.settle(id, { ok: false, error: toLocalDbError(error) }),
      );
    });
    await held;
  }

  /**
   * Starts the sync engine in this leader's worker. A start that fails (the database broke) leaves
   * the status `running: false`; syncNow() tries again and answers the error.
   */
  private startSync(worker: WorkerClient, sync: { userId: string; clientId?: string }): void {
    // A worker does not reliably get online/offline events of its own (under Chromium's network
    // emulation only pages do), and coming back online should sync at once, not after the backoff.
    const forward = () => void worker.call('setOnline', { online: navigator.onLine }).catch(() => undefined);
    addEventListener('online', forward);
    addEventListener('offline', forward);
    this.stopForwardingNetwork = () => {
      removeEventListener('online', forward);
      removeEventListener('offline', forward);
    };
    forward();
    void worker.call('startSync', { userId: sync.userId, ...(sync.clientId === undefined ? {} : { clientId: sync.clientId }) }).catch(() => undefined);
  }

  private execute(request: RelayedRequest): Promise<unknown> {
    const worker = this.worker;
    if (!worker || this.closedReason) {
      return Promise.reject(this.closedReason ?? new LocalDbError('not_open'));
    }
    const call = callWorker(worker, request);
    this.running.add(call);
    const forget = () => this.running.delete(call);
    call.then(forget, forget);
    return call;
  }

  private async serve(message: Extract<TabMessage, { type: 'request' }>): Promise<void> {
    const key = `${message.from}:${message.id}`;
    const earlier = this.served.get(key);
    if (earlier === 'running') {
      return;
    }
    if (earlier) {
      this.post(earlier);
      return;
    }
    if (this.role !== 'leader' || this.closedReason) {
      return; // the follower sends it again to the next leader
    }
    this.served.set(key, 'running');
    this.post({ type: 'accepted', to: message.from, id: message.id });
    const outcome: Outcome = await this.execute(message).then(
      (value) => ({ ok: true, value }),
      (error: unknown) => ({ ok: false, error: toLocalDbError(error) }),
    );
    const response: TabMessageBody = outcome.ok
      ? { type: 'response', to: message.from, id: message.id, ok: true, value: outcome.value }
      : { type: 'response', to: message.from, id: message.id, ok: false, error: outcome.error.toShape() };
    if (keepsAnswer(message.op)) {
      // A write's answer is a count, null or a mutation id: cheap to keep, and a repeat must not run it again.
      this.served.set(key, response);
      for (const oldest of this.served.keys()) {
        if (this.served.size <= SERVED_MEMORY) {
          break;
        }
        this.served.delete(oldest);
      }
    } else {
      this.served.delete(key); // reads are safe to run again; their rows are not kept
    }
    this.post(response);
  }

  private publishTables(tables: string[]): void {
    this.post({ type: 'tables', tables });
    this.emitTables(tables);
  }

  private publishSyncStatus(status: LocalSyncStatus): void {
    this.post({ type: 'sync-status', status });
    this.emitSyncStatus(status);
  }

  // ---- following ----

  private onMessage(message: TabMessage): void {
    switch (message.type) {
      case 'hello':
        if (this.role === 'leader' && this.leaderVfs) {
          this.post({ type: 'leader', vfs: this.leaderVfs });
          if (this.syncStatus) {
            this.post({ type: 'sync-status', status: this.syncStatus });
          }
        }
        return;
      case 'leader':
        this.seenLeader = true;
        this.leaderVfs = message.vfs;
        if (this.role === 'follower' && message.from !== this.leaderId) {
          this.leaderId = message.from;
          this.connected?.resolve();
          this.pending.redirect(message.from, (id, request) => this.post({ type: 'request', id, ...request }));
        }
        return;
      case 'request':
        void this.serve(message);
        return;
      case 'accepted':
        if (message.to === this.tabId) {
          this.pending.accepted(message.id, message.from);
        }
        return;
      case 'response':
        if (message.to === this.tabId) {
          this.pending.settle(message.id, message.ok ? { ok: true, value: message.value } : { ok: false, error: LocalDbError.fromShape(message.error) });
        }
        return;
      case 'tables':
        this.emitTables(message.tables);
        return;
      case 'sync-status':
        if (message.from === this.leaderId && this.role === 'follower') {
          this.emitSyncStatus(message.status);
        }
        return;
      case 'wipe':
        void this.shutdown(new LocalDbError('wiped'), { wipe: this.role === 'leader' });
        return;
    }
  }

  // ---- shared ----

  private shutdown(reason: LocalDbError, { wipe = false } = {}): Promise<void> {
    this.shutdownDone ??= (async () => {
      this.closedReason = reason;
      this.key = ''; // the key stays in memory no longer than the connection (idle lock, sign-out)
      this.lockAbort.abort();
      this.connected?.reject(reason);
      this.pending.rejectAll(reason);
      const worker = this.worker;
      this.worker = undefined;
      this.stopForwardingNetwork?.();
      this.stopForwardingNetwork = undefined;
      if (worker) {
        // Statements already running finish (their answers are posted) before the file is let go.
        await Promise.allSettled([...this.running]);
        await worker.call(wipe ? 'wipe' : 'close', wipe ? { fileName: this.fileName } : {}).catch(() => undefined);
        worker.terminate();
        this.leaderListeners.forEach((listener) => listener(false));
      }
      this.releaseLock?.();
      this.channel.close();
    })();
    return this.shutdownDone;
  }

  private emitTables(tables: readonly string[]): void {
    for (const listener of this.tableListeners) {
      listener(tables);
    }
  }

  private emitSyncStatus(status: LocalSyncStatus): void {
    this.syncStatus = status;
    for (const listener of this.syncListeners) {
      listener(status);
    }
  }

  private post(body: TabMessageBody): void {
    // A closing tab still answers what it ran and reports what that changed, but asks and offers nothing.
    if (this.closedReason && (body.type === 'hello' || body.type === 'leader' || body.type === 'request' || body.type === 'accepted')) {
      return;
    }
    const message: TabMessage = { ...body, v: TAB_PROTOCOL_VERSION, from: this.tabId };
    try {
      this.channel.postMessage(message);
    } catch {
      // closed channel: this tab has left
    }
  }
}

const callWorker = (worker: WorkerClient, request: RelayedRequest): Promise<unknown> => {
  switch (request.op) {
    case 'all':
      return worker.call('all', request.args);
    case 'get':
      return worker.call('get', request.args);
    case 'run':
      return worker.call('run', request.args);
    case 'exec':
      return worker.call('exec', request.args);
    case 'mutate':
      return worker.call('mutate', request.args);
    case 'syncNow':
      return worker.call('syncNow', request.args);
    case 'syncStatus':
      return worker.call('syncStatus', request.args);
  }
};

/** Waits for the leader (if any) to let go, then deletes whatever is left of the database. */
const deleteUnderLeaderLock = (fileName: string): Promise<void> =>
  navigator.locks.request(leaderLockName(fileName), () => deleteLocalDatabaseFiles(fileName));

/**
 * Wipes a local database without opening it (no key needed: sign-out of a locked app, a device
 * whose access was revoked). Open tabs close; the leader deletes the files; then whatever is left
 * is deleted under the leader lock.
 */
export const wipeLocalDatabase = async ({ fileName }: { fileName: string }): Promise<void> => {
  assertFileName(fileName);
  const channel = new BroadcastChannel(tabChannelName(fileName));
  const message: TabMessage = { type: 'wipe', v: TAB_PROTOCOL_VERSION, from: crypto.randomUUID() };
  channel.postMessage(message);
  channel.close();
  await deleteUnderLeaderLock(fileName);
};
