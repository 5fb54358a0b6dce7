import { toLocalDbError } from './errors';
import { createWorkerDatabase } from './worker-database';
import type { WorkerMessage, WorkerOps, WorkerRequest } from './worker-protocol';
import { createWorkerSync } from './worker-sync';

/*
 * Dedicated worker entry of the local database (issue #6 §1–2), bundled by scripts/build-local-db.ts
 * into public/local-db/db-worker.js and started by worker-client.ts. Only the leader tab runs one:
 * it holds the database and, once started, the sync engine (worker-sync.ts).
 */

// The project compiles with the DOM library; these are the parts of a worker's global scope used here.
type WorkerScope = {
  postMessage: (message: WorkerMessage) => void;
  addEventListener: {
    (type: 'message', listener: (event: MessageEvent<WorkerRequest>) => void): void;
    (type: 'online' | 'offline', listener: () => void): void;
  };
  navigator: { onLine: boolean };
};
const scope = self as unknown as WorkerScope;

const database = createWorkerDatabase((tables) => scope.postMessage({ kind: 'changes', tables }));
const sync = createWorkerSync({
  replicaStore: () => database.replicaStore(),
  emitStatus: (status) => scope.postMessage({ kind: 'status', status }),
  initiallyOnline: scope.navigator.onLine,
});

// Where the browser delivers them to workers; the leader page forwards its own too (setOnline).
scope.addEventListener('online', () => sync.setOnline(true));
scope.addEventListener('offline', () => sync.setOnline(false));

const dispatch = async (request: WorkerRequest): Promise<WorkerOps[WorkerRequest['op']]['result']> => {
  switch (request.op) {
    case 'open':
      return database.open(request.args);
    case 'all':
      return database.all(request.args);
    case 'get':
      return database.get(request.args);
    case 'run':
      return database.run(request.args);
    case 'exec':
      return database.exec(request.args);
    case 'close':
      sync.detach();
      return database.close();
    case 'wipe':
      sync.detach();
      return database.wipe(request.args);
    case 'startSync':
      return sync.start(request.args);
    case 'stopSync':
      return sync.stop();
    case 'mutate':
      return sync.mutate(request.args);
    case 'syncNow':
      return sync.syncNow();
    case 'syncStatus':
      return sync.status();
    case 'setOnline':
      sync.setOnline(request.args.online === true);
      return null;
  }
};

const handle = async (request: WorkerRequest): Promise<void> => {
  try {
    scope.postMessage({ kind: 'result', id: request.id, ok: true, value: await dispatch(request) });
  } catch (error) {
    scope.postMessage({ kind: 'result', id: request.id, ok: false, error: toLocalDbError(error).toShape() });
  }
};

scope.addEventListener('message', (event) => {
  void handle(event.data);
});
