import { percentile } from '../report';

/** Samples (ms) of `run` after `warmUp` unmeasured calls, and the CPU time the samples took. */
export const sample = async (count: number, warmUp: number, run: (index: number) => Promise<unknown>) => {
  for (let i = 0; i < warmUp; i += 1) {
    await run(-1 - i);
  }
  const samples: number[] = [];
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    await run(i);
    samples.push(performance.now() - started);
  }
  const cpu = process.cpuUsage(cpuStart);
  const wall = performance.now() - wallStart;
  return {
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    max: Math.max(...samples),
    /** CPU time of this process as a share of the wall time the samples took. */
    cpuShare: (cpu.user + cpu.system) / 1000 / wall,
  };
};

export const describeSample = (result: Awaited<ReturnType<typeof sample>>) =>
  `p50 ${result.p50.toFixed(2)} ms, p95 ${result.p95.toFixed(2)} ms, max ${result.max.toFixed(1)} ms (CPU ${(result.cpuShare * 100).toFixed(0)}% of wall)`;
