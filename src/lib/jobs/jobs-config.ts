import { z } from 'zod';
import { ConfigError } from '@/lib/config/env';

/*
 * The job runner's two settings. They belong in src/lib/config/env.ts with the rest of the
 * environment (and will move there); they are parsed here, with the same rules and the same
 * one-line ConfigError, because the runner is started by scripts/serve.ts, which must not load the
 * app's server-only modules before it has prepared for them (load-job-runner.ts).
 */

const ZJobsEnv = z.object({
  JOBS_ENABLED: z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'expected true or false' })
    .transform((v) => v === 'true' || v === '1' || v === 'yes')
    .default(true),
  JOBS_INTERVAL_SECONDS: z.coerce
    .number({ error: 'expected a whole number' })
    .int({ error: 'expected a whole number from 5 to 3600' })
    .min(5, { error: 'expected a whole number from 5 to 3600' })
    .max(3600, { error: 'expected a whole number from 5 to 3600' })
    .default(60),
});

export type JobsConfig = { enabled: boolean; intervalMs: number };

/** `JOBS_ENABLED` (default true) and `JOBS_INTERVAL_SECONDS` (default 60, 5–3600). Pure. */
export const jobsConfigFrom = (env: Record<string, string | undefined>): JobsConfig => {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([key, v]) => key.startsWith('JOBS_') && v !== undefined && v !== ''));
  const result = ZJobsEnv.safeParse(cleaned);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ConfigError(`Invalid configuration: ${String(issue?.path[0] ?? 'JOBS_*')} ${issue?.message ?? 'is invalid'}`);
  }
  return { enabled: result.data.JOBS_ENABLED, intervalMs: result.data.JOBS_INTERVAL_SECONDS * 1000 };
};
