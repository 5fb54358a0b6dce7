/*
 * Peak memory of this process while something runs. Sampled on a short interval and at each call of
 * `sample()` (the transport samples at every request, so a synchronous burst between two timer
 * ticks is still seen at its edges); `maxRSS` from the kernel is the lifetime high-water mark and
 * catches what sampling misses.
 */

export type MemoryPeak = {
  rssBefore: number;
  rssPeak: number;
  heapUsedPeak: number;
  /** ArrayBuffers and other memory outside the JS heap: wasm memories (PGlite, wa-sqlite, MemoryVFS files). */
  externalPeak: number;
  /** The kernel's high-water mark of RSS for the whole process lifetime, at stop. */
  maxRssLifetime: number;
};

const MB = 1024 * 1024;

export const formatMb = (bytes: number): string => `${(bytes / MB).toFixed(0)} MB`;

export const startMemorySampler = (intervalMs = 10) => {
  const rssBefore = process.memoryUsage().rss;
  const peak = { rss: rssBefore, heapUsed: 0, external: 0 };
  const sample = () => {
    const usage = process.memoryUsage();
    peak.rss = Math.max(peak.rss, usage.rss);
    peak.heapUsed = Math.max(peak.heapUsed, usage.heapUsed);
    peak.external = Math.max(peak.external, usage.external);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    sample,
    stop: (): MemoryPeak => {
      clearInterval(timer);
      sample();
      return {
        rssBefore,
        rssPeak: peak.rss,
        heapUsedPeak: peak.heapUsed,
        externalPeak: peak.external,
        maxRssLifetime: process.resourceUsage().maxRSS * 1024,
      };
    },
  };
};
