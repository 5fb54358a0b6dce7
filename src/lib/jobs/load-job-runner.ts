import { register } from 'node:module';
import type { JobRunner } from './job-runner';
import { jobsConfigFrom } from './jobs-config';

/*
 * Starts the job runner inside scripts/serve.ts, the process that also serves Next.js.
 *
 * Why here and like this: with the embedded database only one process may open it, so the jobs must
 * run in the server's process and share its database handle (the process singleton on globalThis,
 * src/lib/db/process-singleton.ts). serve.ts runs without the `react-server` export condition (Next.js
 * loads its own React builds), and without it the `server-only` marker package throws on import —
 * it exists to keep server code out of browser bundles, a question that does not arise in the
 * server's own process. So before loading the runner this registers a module resolution hook that
 * resolves `server-only` — that one specifier, nothing else — under `react-server`, which gives its
 * empty module (as Next.js's server bundles and the tests get). React and Next.js resolve as before.
 *
 * This module imports nothing server-only itself, so serve.ts can import it up front.
 */

const SERVER_ONLY_HOOK = `
export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'server-only') {
    return nextResolve(specifier, { ...context, conditions: [...context.conditions, 'react-server'] });
  }
  return nextResolve(specifier, context);
}
`;

/**
 * Starts the runner when `JOBS_ENABLED` (default true) says so, every `JOBS_INTERVAL_SECONDS`
 * (default 60); null when disabled. Throws a ConfigError for a bad value.
 */
export const startJobsInServerProcess = async (env: Record<string, string | undefined> = process.env): Promise<JobRunner | null> => {
  const config = jobsConfigFrom(env);
  if (!config.enabled) {
    return null;
  }
  register(`data:text/javascript,${encodeURIComponent(SERVER_ONLY_HOOK)}`);
  const [{ startJobRunner }, { getDatabase }] = await Promise.all([import('./job-runner'), import('@/lib/db/client')]);
  return startJobRunner({ database: getDatabase, intervalMs: config.intervalMs });
};
