import { LocalDbError } from './errors';
import type { LocalSyncStatus, WorkerMessage, WorkerOp, WorkerOps } from './worker-protocol';

/*
 * The page's side of the database worker: typed calls matched to results by id, and the worker's
 * change and sync status events. A worker that fails to load or crashes fails every call still waiting.
 */

/** Where scripts/build-local-db.ts puts the worker (served from public/). */
export const DEFAULT_WORKER_URL = '/local-db/db-worker.js';

type Waiting = { resolve: (value: unknown) => void; reject: (error: LocalDbError) => void };

export class WorkerClient {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private failure: LocalDbError | undefined;

  constructor(
    url: string,
    {
      onChanges,
      onStatus,
      onFailure,
    }: { onChanges: (tables: string[]) => void; onStatus: (status: LocalSyncStatus) => void; onFailure: (error: LocalDbError) => void },
  ) {
    this.worker = new Worker(url, { type: 'module', name: 'openpractice-local-db' });
    this.worker.addEventListener('message', (event: MessageEvent<WorkerMessage>) => {
      const message = event.data;
      if (message.kind === 'changes') {
        onChanges(message.tables);
        return;
      }
      if (message.kind === 'status') {
        onStatus(message.status);
        return;
      }
      const waiting = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (message.ok) {
        waiting?.resolve(message.value);
      } else {
        waiting?.reject(LocalDbError.fromShape(message.error));
      }
    });
    // A script that does not load (404, CSP) or an uncaught error: nothing more will be answered.
    this.worker.addEventListener('error', (event) => {
      event.preventDefault();
      const error = new LocalDbError('worker_failed');
      this.fail(error);
      onFailure(error);
    });
  }

  call<K extends WorkerOp>(op: K, args: WorkerOps[K]['args']): Promise<WorkerOps[K]['result']> {
    if (this.failure) {
      return Promise.reject(this.failure);
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ id, op, args });
    });
  }

  /** Stops the worker at once: its locks and file handles are released by the browser. */
  terminate(): void {
    this.worker.terminate();
    this.fail(new LocalDbError('closed'));
  }

  private fail(error: LocalDbError): void {
    this.failure ??= error;
    for (const waiting of this.waiting.values()) {
      waiting.reject(error);
    }
    this.waiting.clear();
  }
}
