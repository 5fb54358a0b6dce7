// npm run bench:scheduling – the scheduling figures of issue #7 on a device replica: a provider's day
// schedule (DESIGN §8: p95 ≤ 5 ms from a 100k-appointment local database) and next-available search.
import os from 'node:os';
import { printFigure } from '../report';
import { benchDaySchedule } from './day-schedule';
import { generateSchedule } from './generate-schedule';
import { benchNextAvailable } from './next-available';
import { loadReplica } from './replica';

// BENCH_SCHEDULING_ROWS shrinks the replica for a quick look; the budget is stated for 100k.
const APPOINTMENTS = Number(process.env.BENCH_SCHEDULING_ROWS ?? 100_000);
const PROVIDERS = 10;

const main = async (): Promise<void> => {
  const [load1] = os.loadavg();
  console.log(
    `OpenPractice scheduling benchmarks on an encrypted wa-sqlite replica in memory: ${os.cpus().length} cores, ` +
      `load average ${load1?.toFixed(1)} at start, Node ${process.version}. Figures, not pass/fail tests.\n`,
  );
  let started = performance.now();
  const schedule = generateSchedule({ appointments: APPOINTMENTS, providers: PROVIDERS, anchor: '2026-12-07', timeZone: 'America/Chicago', seed: 7 });
  const generated = performance.now() - started;
  started = performance.now();
  const replica = await loadReplica(schedule);
  try {
    printFigure(
      `setup: ${APPOINTMENTS.toLocaleString('en-US')} appointments of ${PROVIDERS} providers (${schedule.firstDate} to ${schedule.lastDate}), generated, then written as an initial sync writes (bulk load, pages of 5,000, indexes built after)`,
      `generated in ${(generated / 1000).toFixed(1)} s, written in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      null,
    );
    await benchDaySchedule(replica, schedule, APPOINTMENTS);
    await benchNextAvailable(replica, schedule, APPOINTMENTS);
  } finally {
    await replica.close();
  }
  const [loadEnd] = os.loadavg();
  const busy = (loadEnd ?? 0) > os.cpus().length ? ': above the core count, so the figures are pessimistic' : '';
  console.log(`\nload average ${loadEnd?.toFixed(1)} at the end (${os.cpus().length} cores)${busy}.`);
};

await main();
