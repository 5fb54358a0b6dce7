import { toLocalDbError } from './errors';
import { createWorkerDatabase } from './worker-database';
import type { WorkerMessage, WorkerOps, WorkerRequest } from './worker-protocol';

/*
 * Dedicated worker entry of the local database (issue #6 §1), bundled by scripts/build-local-db.ts
 * into public/local-db/db-worker.js and started by worker-client.ts. Only the leader tab runs one.
 */

// The project compiles with the DOM library; these are the two parts of a worker's global scope used here.
type WorkerScope = {
  postMessage: (message: WorkerMessage) => void;
  addEventListener: (type: 'message', listener: (event: MessageEvent<WorkerRequest>) => void) => void;
};
const scope = self as unknown as WorkerScope;

const database = createWorkerDatabase((tables) => scope.postMessage({ kind: 'changes', tables }));

const dispatch = (request: WorkerRequest): Promise<WorkerOps[WorkerRequest['op']]['result']> => {
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
      return database.close();
    case 'wipe':
      return database.wipe(request.args);
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
