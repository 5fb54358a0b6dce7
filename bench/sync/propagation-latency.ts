import type { Database } from '@/lib/db/client';
import type { TSyncedTable } from '@/lib/sync/protocol/tables';
import { createSyncEventHub } from '@/lib/sync/server/event-hub';
import type { SyncActor } from '@/lib/sync/server/push';
import { percentile, printFigure } from '../report';
import { openDevice } from './device';
import { generatePatient, seededRandom } from './generate-patients';

const WARM_UP = 20;

/**
 * DESIGN §8: a write on device A visible on device B. A's replicator syncs on every change (as in
 * the app); B is subscribed to pokes through the real event hub (LISTEN/NOTIFY on PostgreSQL,
 * in-process notifications on PGlite) and pulls on a poke. Each sample runs from A's mutate() call
 * to the moment B's local store returns the new value, one write at a time. Loopback in one
 * process: no network, no SSE framing or HTTP; the transport's JSON round trip stands in for them.
 * The practice is small (the figure is about propagation, not about pulling a large page).
 */
export const benchPropagation = async ({
  database,
  writer,
  reader,
  practiceId,
  writes,
  driver,
}: {
  database: Database;
  writer: SyncActor;
  reader: SyncActor;
  practiceId: string;
  writes: number;
  driver: string;
}) => {
  const hub = await createSyncEventHub(database);
  // B reports every local change; the waiting sample checks whether its value has arrived.
  let onReaderChange: ((tables: ReadonlySet<TSyncedTable>) => void) | null = null;
  const a = await openDevice(database, writer, { autoSync: true });
  const b = await openDevice(database, reader, { onChange: (tables) => onReaderChange?.(tables) });
  const unsubscribe = hub.subscribe(
    () => [practiceId],
    (poke) => void b.replicator.poke(poke).catch(() => undefined),
  );
  try {
    // Both devices start with the practice's patients (a small practice: this is not the initial sync).
    await a.replicator.sync();
    await b.replicator.sync();
    const ids = (await a.store.connection.all<{ id: string }>('select id from patients order by id')).map((row) => row.id);
    const random = seededRandom(3);
    const latencies: number[] = [];

    for (let i = 0; i < WARM_UP + writes; i += 1) {
      // One write in four registers a patient, the others edit one (a new city each time).
      let patientId: string;
      let expect: (row: Record<string, unknown>) => boolean;
      let mutate: () => Promise<number>;
      if (i % 4 === 0 || ids.length === 0) {
        const args = generatePatient(random, practiceId);
        patientId = args.id;
        expect = () => true;
        mutate = () => a.replicator.mutate('patients.create', args);
        ids.push(args.id);
      } else {
        patientId = ids[Math.floor(random() * ids.length)] ?? '';
        const current = await a.store.transaction((tx) => tx.getRow('patients', patientId));
        const city = `City ${i}`;
        expect = (row) => row.city === city;
        mutate = () =>
          a.replicator.mutate('patients.update', {
            practiceId,
            patientId,
            changes: { city },
            base: { city: (current?.city as string | null | undefined) ?? null },
          });
      }
      const seen = new Promise<number>((resolve) => {
        onReaderChange = (tables) => {
          if (!tables.has('patients')) {
            return;
          }
          void b.store.transaction((tx) => tx.getRow('patients', patientId)).then((row) => {
            if (row && expect(row)) {
              onReaderChange = null;
              resolve(performance.now());
            }
          });
        };
      });
      const started = performance.now();
      await mutate();
      const visible = await seen;
      if (i >= WARM_UP) {
        latencies.push(visible - started);
      }
      // Let A finish its own round (its pull) before the next write, so samples do not overlap.
      await a.replicator.sync();
    }
    const p50 = percentile(latencies, 50);
    const p95 = percentile(latencies, 95);
    printFigure(
      `write on device A readable in device B's replica, ${writes} writes (${driver}, in-process loopback: event hub poke → pull)`,
      `p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms`,
      { text: 'p50 ≤ 50 ms, p95 ≤ 150 ms', met: p50 <= 50 && p95 <= 150 },
    );
    return { p50, p95 };
  } finally {
    unsubscribe();
    await a.close();
    await b.close();
    await hub.close();
  }
};
