/*
 * CPU time beside wall time: the benchmark machine is shared (DESIGN §8 names a 2-core machine,
 * which other work may be using), and a figure whose wall time is twice its CPU time says the
 * process waited for a core, not that the code got slower.
 */

/** Starts a CPU-time stopwatch for this process (user + system); call the result to read milliseconds. */
export const cpuMs = (): (() => number) => {
  const start = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000;
  };
};

/** "CPU 1.23 s of this process (62% of wall)". */
export const formatCpu = (cpu: number, wallMs: number): string =>
  `CPU of this process ${(cpu / 1000).toFixed(2)} s, ${((cpu / wallMs) * 100).toFixed(0)}% of wall`;
