import type { Database } from '@/lib/db/client';
import type { SyncActor } from '@/lib/sync/server/push';
import { printFigure } from '../report';
import { openDevice } from './device';
import { formatMb, startMemorySampler } from './memory';
import { cpuMs, formatCpu } from './timing';

/**
 * DESIGN §8: initial sync of a practice with `rows` rows into an empty replica, end to end — the
 * replicator's sync() on a fresh encrypted wa-sqlite replica, every page answered by the real
 * processPullText as JSON text, parsed and checked as the HTTP transport does, applied and rebased
 * locally while the next page is pulled — and the process's peak memory
 * meanwhile. Server and replica share this process, so the memory figure is theirs together (on
 * PostgreSQL the server's own memory is in its processes, not here).
 */
export const benchInitialSync = async ({ database, actor, rows, driver }: { database: Database; actor: SyncActor; rows: number; driver: string }) => {
  const memory = startMemorySampler();
  const device = await openDevice(database, actor, { onCall: memory.sample });
  try {
    const cpu = cpuMs();
    const started = performance.now();
    await device.replicator.sync();
    const ms = performance.now() - started;
    const cpuUsed = cpu();
    const peak = memory.stop();
    const held = await device.count('patients');
    if (held !== rows) {
      throw new Error(`initial sync: the replica holds ${held} patients, expected ${rows}`);
    }
    const rate = rows / (ms / 1000);
    const limits = [...device.stats.pullLimits].join(', ');
    printFigure(
      `initial sync, ${rows.toLocaleString('en-US')} patients into an empty encrypted replica (${driver}, in-process transport with JSON round trip)`,
      `${rate.toFixed(0)} rows/s (${(ms / 1000).toFixed(2)} s, ${device.stats.pulls} pulls of limit ${limits}; ${formatCpu(cpuUsed, ms)})`,
      { text: '≥ 40k rows/s', met: rate >= 40_000 },
    );
    const { pullMs, replicaMs, indexMs } = device.stats;
    const share = (part: number) => `${(part / 1000).toFixed(2)} s (${((part / ms) * 100).toFixed(0)}% of wall)`;
    printFigure(
      '  where the initial sync time went (the parts overlap: the next page is pulled while one is applied)',
      `transport (processPullText + JSON.parse + checking the answer) ${share(pullMs)}; ` +
        `replica (local transactions in wa-sqlite) ${share(replicaMs)}, of which building the search indexes at the end ${share(indexMs)}; ` +
        `replica file ${formatMb(await device.fileBytes())}`,
      null,
    );
    printFigure(
      '  peak memory during the initial sync (server and replica in one process)',
      `RSS ${formatMb(peak.rssBefore)} before → peak ${formatMb(peak.rssPeak)}; JS heap used peak ${formatMb(peak.heapUsedPeak)}; ` +
        `external (wasm memories, buffers) peak ${formatMb(peak.externalPeak)}; process lifetime max RSS ${formatMb(peak.maxRssLifetime)}`,
      null,
    );
    return { rate, ms, pulls: device.stats.pulls, limits, peak };
  } finally {
    await device.close();
  }
};
