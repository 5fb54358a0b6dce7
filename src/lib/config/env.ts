import path from 'node:path';
import { z } from 'zod';

/**
 * Configuration is read from the environment once, validated and typed here; nothing else in
 * the code reads `process.env` for settings. A bad value stops start-up with one line that names
 * the variable and what it expects (see `ConfigError`). Every variable is documented in the README.
 */

const zBoolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const zPositiveInt = (max: number) =>
  z.coerce
    .number({ error: 'expected a whole number' })
    .int({ error: 'expected a whole number' })
    .min(1, { error: `expected a whole number from 1 to ${max}` })
    .max(max, { error: `expected a whole number from 1 to ${max}` });

const ZEnv = z.object({
  NODE_ENV: z
    .enum(['development', 'production', 'test'], { error: 'expected development, production or test' })
    .default('development'),
  PORT: zPositiveInt(65535).default(3000),
  APP_URL: z
    .url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://clinic.example.org' })
    .optional(),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'expected a postgres:// URL' })
    .optional(),
  DATA_DIR: z.string().min(1, { error: 'expected a directory path' }).default('./data'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'expected one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  DEMO_DATA: zBoolean.optional(),
  TRUST_PROXY: zBoolean.default(false),
  API_BODY_LIMIT_BYTES: zPositiveInt(50 * 1024 * 1024).default(1024 * 1024),
  RATE_LIMIT_STORE: z
    .enum(['memory', 'postgres'], { error: 'expected memory or postgres' })
    .default('memory'),
  RATE_LIMIT_PER_USER_PER_MINUTE: zPositiveInt(1_000_000).default(600),
  RATE_LIMIT_PER_ADDRESS_PER_MINUTE: zPositiveInt(1_000_000).default(1200),
  SMTP_URL: z
    .url({ protocol: /^smtps?$/, error: 'expected an smtp:// or smtps:// URL such as smtps://user:password@mail.example.org:465' })
    .optional(),
  MAIL_FROM: z
    .string()
    .regex(/^[^<>@\s]+@[^<>@\s]+$|^[^<>]*<[^<>@\s]+@[^<>@\s]+>$/, {
      error: 'expected an address such as "OpenPractice <no-reply@clinic.example.org>"',
    })
    .default('OpenPractice <no-reply@localhost>'),
  AUTH_SECRET: z
    .string()
    .min(32, { error: 'expected at least 32 characters (e.g. openssl rand -base64 32)' })
    .max(1024, { error: 'expected at most 1024 characters' })
    .optional(),
});

export type AppConfig = {
  nodeEnv: 'development' | 'production' | 'test';
  isProduction: boolean;
  port: number;
  /** Public origin of the app, used for the Origin check and printed links. */
  appUrl: string;
  /** Unset means the embedded PGlite database under `dataDir`. */
  databaseUrl: string | undefined;
  /** Absolute path of the data directory (embedded database, files, keys). */
  dataDir: string;
  /** Where PGlite keeps its files when `databaseUrl` is unset. */
  pgliteDir: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Load demo practices on first start. Defaults to on for the embedded database only. */
  demoData: boolean;
  /** Trust `X-Forwarded-For` for the client address (only behind a proxy you run). */
  trustProxy: boolean;
  apiBodyLimitBytes: number;
  email: {
    /** Unset: mail goes to the development mailbox in `dataDir/mailbox` instead of being sent. */
    smtpUrl: string | undefined;
    from: string;
  };
  rateLimit: {
    store: 'memory' | 'postgres';
    perUserPerMinute: number;
    perAddressPerMinute: number;
  };
  /**
   * Key that signs session cookies and encrypts TOTP secrets (`AUTH_SECRET`). Unset means one is
   * generated on first use and kept in `${dataDir}/auth-secret` (src/lib/auth/auth-secret.ts); a
   * production deployment on PostgreSQL must set it, because its instances share no data directory.
   */
  authSecret: string | undefined;
};

/** Thrown for an invalid environment; its message is the one line printed at start-up. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates an environment (pure: tests pass their own object). */
export const loadConfig = (env: Record<string, string | undefined>): AppConfig => {
  // An empty string in an env file means "not set", not "invalid".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = ZEnv.safeParse(cleaned);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    throw new ConfigError(`Invalid configuration: ${name} ${issue?.message ?? 'is invalid'}`);
  }
  const e = result.data;
  if (e.NODE_ENV === 'production' && e.DATABASE_URL !== undefined && e.AUTH_SECRET === undefined) {
    // Several instances behind one PostgreSQL would each generate their own key and reject each
    // other's cookies; a key lost with a container would sign everyone out and void TOTP secrets.
    throw new ConfigError('Invalid configuration: AUTH_SECRET is required in production with DATABASE_URL');
  }
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    nodeEnv: e.NODE_ENV,
    isProduction: e.NODE_ENV === 'production',
    port: e.PORT,
    appUrl: new URL(e.APP_URL ?? `http://localhost:${e.PORT}`).origin,
    databaseUrl: e.DATABASE_URL,
    dataDir,
    pgliteDir: path.join(dataDir, 'pglite'),
    logLevel: e.LOG_LEVEL,
    demoData: e.DEMO_DATA ?? e.DATABASE_URL === undefined,
    trustProxy: e.TRUST_PROXY,
    apiBodyLimitBytes: e.API_BODY_LIMIT_BYTES,
    email: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM },
    rateLimit: {
      store: e.RATE_LIMIT_STORE,
      perUserPerMinute: e.RATE_LIMIT_PER_USER_PER_MINUTE,
      perAddressPerMinute: e.RATE_LIMIT_PER_ADDRESS_PER_MINUTE,
    },
    authSecret: e.AUTH_SECRET,
  };
};

let cached: AppConfig | undefined;

/** The process's configuration, validated on first use. */
export const getConfig = (): AppConfig => {
  cached ??= loadConfig(process.env);
  return cached;
};

/** For tests that change the environment between cases. */
export const resetConfigForTests = (): void => {
  cached = undefined;
};
