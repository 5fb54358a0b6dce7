import { describe, expect, it } from 'vitest';
import { ConfigError } from '@/lib/config/env';
import { jobsConfigFrom } from './jobs-config';

describe('jobsConfigFrom', () => {
  it('runs jobs every minute by default; empty values mean unset', () => {
    expect(jobsConfigFrom({})).toEqual({ enabled: true, intervalMs: 60_000 });
    expect(jobsConfigFrom({ JOBS_ENABLED: '', JOBS_INTERVAL_SECONDS: '' })).toEqual({ enabled: true, intervalMs: 60_000 });
  });

  it('reads both variables', () => {
    expect(jobsConfigFrom({ JOBS_ENABLED: 'false', JOBS_INTERVAL_SECONDS: '15' })).toEqual({ enabled: false, intervalMs: 15_000 });
    expect(jobsConfigFrom({ JOBS_ENABLED: 'yes' }).enabled).toBe(true);
  });

  it('refuses bad values with one line naming the variable', () => {
    expect(() => jobsConfigFrom({ JOBS_ENABLED: 'maybe' })).toThrow(new ConfigError('Invalid configuration: JOBS_ENABLED expected true or false'));
    expect(() => jobsConfigFrom({ JOBS_INTERVAL_SECONDS: '1' })).toThrow(/JOBS_INTERVAL_SECONDS expected a whole number from 5 to 3600/);
    expect(() => jobsConfigFrom({ JOBS_INTERVAL_SECONDS: 'soon' })).toThrow(ConfigError);
  });
});
