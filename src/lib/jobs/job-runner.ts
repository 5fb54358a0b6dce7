import 'server-only';
import type { Database } from '@/lib/db/client';
import { getLogger, type Logger } from '@/lib/observability/logger';
import { sendDueReminders } from './send-due-reminders';

/** One periodic job: a name for the log and what to run. It must be safe on several instances at once. */
export type Job = { name: string; run: (database: Database) => Promise<unknown> };

/** The jobs every app instance runs. */
export const DEFAULT_JOBS: readonly Job[] = [{ name: 'reminders', run: (database) => sendDueReminders({ database }) }];

export type StartJobRunnerOptions = {
  /** The database, or how to get it (the process singleton, opened on first use). */
  database: Database | (() => Promise<Database>);
  /** Time between the end of one run and the start of the next. */
  intervalMs: number;
  /** Before the first run (default: a tenth of the interval, so start-up is not slowed down). */
  initialDelayMs?: number;
  jobs?: readonly Job[];
  logger?: Logger;
};

export type JobRunner = {
  /** Stops scheduling runs and resolves once a run in progress has finished. */
  stop: () => Promise<void>;
};

/**
 * Runs `jobs` one after another, then waits `intervalMs` (plus up to 10 % jitter, so instances
 * started together drift apart), and again, until stopped. Never overlaps itself. A failing job is
 * logged (type and code only, via the redacting logger) and does not stop the others or the runner.
 *
 * There is no leader election: every app instance runs every job, and each job arbitrates through
 * PostgreSQL (DESIGN §9) — reminders by their unique claim (decision 0015). Timers are unref'd, so
 * the runner never keeps a process alive on its own.
 */
export const startJobRunner = ({ database, intervalMs, initialDelayMs = Math.round(intervalMs / 10), jobs = DEFAULT_JOBS, logger }: StartJobRunnerOptions): JobRunner => {
  const log = logger ?? getLogger().child({ component: 'jobs' });
  const getDatabase = typeof database === 'function' ? database : () => Promise.resolve(database);
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;

  const runAll = async (): Promise<void> => {
    for (const job of jobs) {
      if (stopped) {
        return;
      }
      const started = performance.now();
      try {
        const result = await job.run(await getDatabase());
        log.debug({ job: job.name, durationMs: Math.round(performance.now() - started), result }, 'job ran');
      } catch (error) {
        log.warn({ job: job.name, err: error }, 'job failed');
      }
    }
  };

  const schedule = (delayMs: number): void => {
    if (stopped) {
      return;
    }
    timer = setTimeout(() => {
      running = runAll().finally(() => {
        running = undefined;
        schedule(intervalMs + Math.random() * intervalMs * 0.1);
      });
    }, delayMs);
    timer.unref();
  };

  schedule(initialDelayMs);
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
};
