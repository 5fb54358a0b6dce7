// npx tsx --conditions=react-server bench/sync/profile-pull.ts – diagnostic: where an initial sync
// spends its CPU, function by function (the V8 sampling profiler around the sync only, not the
// setup). BENCH_SYNC_ROWS (default 20,000) and DATABASE_URL as for `npm run bench:sync`.
import { Session } from 'node:inspector/promises';
import { bulkInsertPatients } from './generate-patients';
import { openDevice } from './device';
import { openBenchDatabase, seedPracticeWithStaff } from './server';
import { cpuMs } from './timing';

const ROWS = Number(process.env.BENCH_SYNC_ROWS ?? 20_000);
const TOP = Number(process.env.PROFILE_TOP ?? 40);

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

/** Self time per function, and per source (package or file), in milliseconds. */
const summarize = (profile: Profile) => {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, index) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000));
  const byFunction = new Map<string, number>();
  const bySource = new Map<string, number>();
  for (const [id, ms] of self) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) {
      continue;
    }
    const source = frame.url.replace(/^.*node_modules\/((@[^/]+\/)?[^/]+).*$/, '$1').replace(/^.*\/work\/main\//, '');
    const name = `${frame.functionName || '(anonymous)'}  ${source}:${frame.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
    bySource.set(source || '(native)', (bySource.get(source || '(native)') ?? 0) + ms);
  }
  const top = (map: Map<string, number>, n: number) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n);
  return { byFunction: top(byFunction, TOP), bySource: top(bySource, 25) };
};

const main = async (): Promise<void> => {
  const { database, driver, dispose } = await openBenchDatabase();
  try {
    const practice = await seedPracticeWithStaff(database, ['nurse']);
    const [nurse] = practice.staff;
    if (!nurse) {
      throw new Error('no staff');
    }
    await bulkInsertPatients(database, { practiceId: practice.practice.id, userId: nurse.userId, count: ROWS, seed: 1 });
    const device = await openDevice(database, nurse);
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    const cpu = cpuMs();
    const started = performance.now();
    await device.replicator.sync();
    const wall = performance.now() - started;
    const used = cpu();
    const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
    session.disconnect();
    await device.close();
    console.log(`${driver}: ${ROWS} rows in ${wall.toFixed(0)} ms wall, ${used.toFixed(0)} ms CPU, ${device.stats.pulls} pulls\n`);
    const { byFunction, bySource } = summarize(profile);
    console.log('self time by source:');
    for (const [source, ms] of bySource) {
      console.log(`  ${ms.toFixed(0).padStart(6)} ms  ${source}`);
    }
    console.log('\nself time by function:');
    for (const [name, ms] of byFunction) {
      console.log(`  ${ms.toFixed(0).padStart(6)} ms  ${name}`);
    }
  } finally {
    await dispose();
  }
};

await main();
