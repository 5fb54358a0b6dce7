import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './env';

describe('loadConfig', () => {
  it('fills defaults for an empty environment: embedded database, port 3000, demo data on', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.appUrl).toBe('http://localhost:3000');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe(path.resolve('./data'));
    expect(config.pgliteDir).toBe(path.join(path.resolve('./data'), 'pglite'));
    expect(config.demoData).toBe(true);
    expect(config.rateLimit.store).toBe('memory');
    expect(config.isProduction).toBe(false);
    expect(config.email).toEqual({ smtpUrl: undefined, from: 'OpenPractice <no-reply@localhost>' });
  });

  it('turns demo data off by default when an external PostgreSQL is configured', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://app@db.internal:5432/clinic' });
    expect(config.databaseUrl).toBe('postgres://app@db.internal:5432/clinic');
    expect(config.demoData).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgresql://db/clinic', DEMO_DATA: 'true' }).demoData).toBe(true);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }).port).toBe(3000);
  });

  it('derives the public origin from APP_URL, dropping any path', () => {
    expect(loadConfig({ APP_URL: 'https://clinic.example.org/some/path' }).appUrl).toBe('https://clinic.example.org');
  });

  it.each([
    [{ PORT: 'abc' }, /^Invalid configuration: PORT expected a whole number/],
    [{ PORT: '70000' }, /^Invalid configuration: PORT expected a whole number from 1 to 65535$/],
    [{ DATABASE_URL: 'mysql://x/y' }, /^Invalid configuration: DATABASE_URL expected a postgres:\/\/ URL$/],
    [{ APP_URL: 'not a url' }, /^Invalid configuration: APP_URL expected an http\(s\) URL/],
    [{ LOG_LEVEL: 'loud' }, /^Invalid configuration: LOG_LEVEL expected one of/],
    [{ RATE_LIMIT_STORE: 'redis' }, /^Invalid configuration: RATE_LIMIT_STORE expected memory or postgres$/],
    [{ TRUST_PROXY: 'maybe' }, /^Invalid configuration: TRUST_PROXY expected true or false$/],
    [{ AUTH_SECRET: 'too-short' }, /^Invalid configuration: AUTH_SECRET expected at least 32 characters/],
    [
      { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/clinic' },
      /^Invalid configuration: AUTH_SECRET is required in production with DATABASE_URL$/,
    ],
    [{ SMTP_URL: 'http://mail.example.org' }, /^Invalid configuration: SMTP_URL expected an smtp:\/\/ or smtps:\/\/ URL/],
    [{ MAIL_FROM: 'not an address' }, /^Invalid configuration: MAIL_FROM expected an address/],
  ])('rejects %o with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
