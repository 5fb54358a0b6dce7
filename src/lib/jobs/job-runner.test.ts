import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Database } from '@/lib/db/client';
import type { Logger } from '@/lib/observability/logger';
import { startJobRunner, type Job } from './job-runner';

const database = {} as Database;
const logger = { debug: vi.fn(), warn: vi.fn() } as unknown as Logger;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('startJobRunner', () => {
  it('runs every job after the initial delay, then again after each interval, never overlapping', async () => {
    let active = 0;
    let maxActive = 0;
    const runs: string[] = [];
    const slow: Job = {
      name: 'slow',
      run: async () => {
        active += 1;
        maxActive = Math.max(maxActive, active);
        runs.push('slow');
        await new Promise((resolve) => setTimeout(resolve, 5_000)); // longer than the interval
        active -= 1;
      },
    };
    const runner = startJobRunner({ database, intervalMs: 1_000, initialDelayMs: 100, jobs: [slow], logger });
    await vi.advanceTimersByTimeAsync(99);
    expect(runs).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toEqual(['slow']);
    await vi.advanceTimersByTimeAsync(5_000 + 1_100);
    expect(runs).toEqual(['slow', 'slow']);
    expect(maxActive).toBe(1);
    const stopping = runner.stop();
    await vi.advanceTimersByTimeAsync(5_000); // the second run finishes
    await stopping;
  });

  it('logs a failing job and still runs the next one and the next round', async () => {
    const ran: string[] = [];
    const jobs: Job[] = [
      { name: 'broken', run: () => Promise.reject(new Error('boom')) },
      { name: 'fine', run: () => Promise.resolve(ran.push('fine')) },
    ];
    const runner = startJobRunner({ database, intervalMs: 1_000, initialDelayMs: 0, jobs, logger });
    await vi.advanceTimersByTimeAsync(1);
    await vi.advanceTimersByTimeAsync(1_100);
    expect(ran).toEqual(['fine', 'fine']);
    expect(logger.warn).toHaveBeenCalledWith(expect.objectContaining({ job: 'broken' }), 'job failed');
    await runner.stop();
  });

  it('stop waits for the run in progress and schedules no more', async () => {
    let finished = 0;
    const job: Job = { name: 'j', run: () => new Promise((resolve) => setTimeout(() => resolve((finished += 1)), 500)) };
    const runner = startJobRunner({ database, intervalMs: 1_000, initialDelayMs: 0, jobs: [job], logger });
    await vi.advanceTimersByTimeAsync(1); // the run has started
    let stopped = false;
    const stopping = runner.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(100);
    expect(stopped).toBe(false);
    await vi.advanceTimersByTimeAsync(400);
    await stopping;
    expect(finished).toBe(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(finished).toBe(1);
  });

  it('takes the database from a function, once per run', async () => {
    const get = vi.fn(() => Promise.resolve(database));
    const seen: Database[] = [];
    const runner = startJobRunner({ database: get, intervalMs: 1_000, initialDelayMs: 0, jobs: [{ name: 'j', run: (db) => Promise.resolve(seen.push(db)) }], logger });
    await vi.advanceTimersByTimeAsync(1);
    expect(seen).toEqual([database]);
    expect(get).toHaveBeenCalledTimes(1);
    await runner.stop();
  });
});
