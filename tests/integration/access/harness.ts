import { createHmac, randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { vi } from 'vitest';
import { SESSION_COOKIE_NAME, type Auth } from '@/lib/auth/auth';
import { resetConfigForTests } from '@/lib/config/env';
import { queryRows, type Database } from '@/lib/db/client';
import { getProcessDatabaseSlot, setProcessDatabaseSlot } from '@/lib/db/process-singleton';
import { sessions } from '@/lib/db/schema/auth';
import { APP_URL, createTestAuth, TEST_AUTH_SECRET } from '../identity/helpers';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

/*
 * In-process harness for the access tests: the REAL route modules (src/app/api/**\/route.ts,
 * imported as Next.js would load them) called with real `Request` objects, against a test
 * database. No src seam is needed: the route code reaches the database, better-auth and the
 * configuration through the process singletons (globalThis slots and the environment), which the
 * harness points at the test's own database for the duration of one test file and restores after.
 */

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** A Next.js route handler as the route modules export it. */
export type RouteHandler = (request: Request, context: { params: Promise<Record<string, string | string[] | undefined>> }) => Promise<Response>;

const APP_DIR = path.resolve(import.meta.dirname, '../../../src/app');

export type RouteFile = {
  /** The route pattern as Next.js names it, e.g. `/api/v1/practices/[practiceId]/members`. */
  route: string;
  file: string;
};

/**
 * Every `route.ts` under src/app/api, found on disk at test time: a route added tomorrow is found
 * without anyone remembering to list it. Route groups `(name)` are not part of the URL.
 */
export const listApiRouteFiles = (): RouteFile[] =>
  readdirSync(path.join(APP_DIR, 'api'), { recursive: true, encoding: 'utf8' })
    .filter((entry) => path.basename(entry) === 'route.ts')
    .map((entry) => {
      const segments = path
        .dirname(entry)
        .split(path.sep)
        .filter((segment) => segment !== '.' && !/^\(.*\)$/.test(segment));
      return { route: ['/api', ...segments].join('/'), file: path.join(APP_DIR, 'api', entry) };
    })
    .sort((a, b) => a.route.localeCompare(b.route));

export type LoadedRoute = RouteFile & { handlers: Partial<Record<HttpMethod, RouteHandler>> } & ({ error?: undefined } | { error: string });

/** Imports a route module and picks its exported HTTP method handlers; an import failure is reported, not thrown. */
export const loadRoute = async (routeFile: RouteFile): Promise<LoadedRoute> => {
  try {
    const loaded = (await import(/* @vite-ignore */ routeFile.file)) as Record<string, unknown>;
    const handlers: Partial<Record<HttpMethod, RouteHandler>> = {};
    for (const method of HTTP_METHODS) {
      const handler = loaded[method];
      if (typeof handler === 'function') {
        handlers[method] = handler as RouteHandler;
      }
    }
    return { ...routeFile, handlers };
  } catch (error) {
    return { ...routeFile, handlers: {}, error: error instanceof Error ? error.message : String(error) };
  }
};

export type RouteParamValues = Record<string, string | string[]>;

/** A concrete path from a pattern: `[id]` → value, `[...all]` / `[[...all]]` → joined segments. */
export const fillRoute = (route: string, params: RouteParamValues): string =>
  route
    .split('/')
    .flatMap((segment) => {
      const match = /^\[{1,2}(?:\.\.\.)?([^\]]+)\]{1,2}$/.exec(segment);
      if (match === null) {
        return [segment];
      }
      const name = match[1] ?? '';
      const value = params[name];
      if (value === undefined) {
        if (segment.startsWith('[[')) {
          return [];
        }
        throw new Error(`fillRoute: ${route} needs param ${name}`);
      }
      return (Array.isArray(value) ? value : [value]).map((part) => encodeURIComponent(part));
    })
    .join('/');

/** The route params of a pattern (for checking that a spec supplies every one). */
export const routeParamNames = (route: string): string[] =>
  route.split('/').flatMap((segment) => {
    const match = /^\[{1,2}(?:\.\.\.)?([^\]]+)\]{1,2}$/.exec(segment);
    return match?.[1] === undefined ? [] : [match[1]];
  });

export type CallOptions = {
  method: HttpMethod;
  params?: RouteParamValues;
  query?: Record<string, string>;
  body?: unknown;
  /** A Cookie header (from {@link AccessHarness.mintSession}); omitted: anonymous. */
  cookie?: string;
};

export type AccessHarness = {
  database: Database;
  driver: TestDatabase['driver'];
  auth: Auth;
  /** The process data directory during the test file (a fresh temporary directory). */
  dataDir: string;
  /** Calls the route module's handler for `method`, like Next.js would, as a same-origin browser. */
  call: (route: LoadedRoute, options: CallOptions) => Promise<Response>;
  /**
   * A signed-in session for `userId`, minted cheaply: a `sessions` row plus the cookie better-auth
   * would have set (the token signed with HMAC-SHA256 of the auth secret, as better-call's
   * `signCookieValue` does). No password hashing, no TOTP: the API itself does not ask for TOTP
   * (the page layout does), so this is exactly what a signed-in browser sends.
   */
  mintSession: (userId: string) => Promise<{ sessionId: string; cookie: string }>;
  dispose: () => Promise<void>;
};

/** `token.signature`, URI-encoded: the value better-auth's signed session cookie carries. */
export const signSessionToken = (token: string, secret = TEST_AUTH_SECRET): string =>
  encodeURIComponent(`${token}.${createHmac('sha256', secret).update(token).digest('base64')}`);

/** Rate limits out of the way: hundreds of calls from one address and a handful of users. */
const HARNESS_ENV: Record<string, string> = {
  APP_URL,
  AUTH_SECRET: TEST_AUTH_SECRET,
  // ACCESS_TEST_LOG_LEVEL=error shows why a route answered 500.
  LOG_LEVEL: process.env.ACCESS_TEST_LOG_LEVEL ?? 'silent',
  RATE_LIMIT_STORE: 'memory',
  RATE_LIMIT_PER_USER_PER_MINUTE: '1000000',
  RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '1000000',
};

type Slots = typeof globalThis & {
  __openpracticeAuth?: Promise<Auth>;
  __openpracticeRateLimitStore?: unknown;
  __openpracticeSyncHub?: Promise<{ close: () => Promise<void> }>;
};

/**
 * Opens a test database (PGlite or PostgreSQL per TEST_DB_DRIVER) and makes it, with a better-auth
 * instance on it, the process's database and auth for the route modules. Call `dispose()` in
 * afterAll: it restores the previous globals and environment, then closes the database.
 */
export const createAccessHarness = async (): Promise<AccessHarness> => {
  const t = await createTestDatabase();
  const auth = createTestAuth(t.database);
  // Readiness probes the data directory by writing to it; mail may land in its dev mailbox.
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'openpractice-access-'));
  const slots = globalThis as Slots;
  const previous = {
    database: getProcessDatabaseSlot(),
    auth: slots.__openpracticeAuth,
    rateLimitStore: slots.__openpracticeRateLimitStore,
  };
  for (const [name, value] of Object.entries({ ...HARNESS_ENV, DATA_DIR: dataDir })) {
    vi.stubEnv(name, value);
  }
  resetConfigForTests();
  setProcessDatabaseSlot(Promise.resolve(t.database));
  slots.__openpracticeAuth = Promise.resolve(auth);
  // A fresh memory store under the limits above (the store is created once per process).
  slots.__openpracticeRateLimitStore = undefined;

  const call: AccessHarness['call'] = async (route, { method, params = {}, query, body, cookie }) => {
    const handler = route.handlers[method];
    if (handler === undefined) {
      throw new Error(`${route.route} exports no ${method}`);
    }
    const url = new URL(fillRoute(route.route, params), APP_URL);
    for (const [key, value] of Object.entries(query ?? {})) {
      url.searchParams.set(key, value);
    }
    const request = new Request(url, {
      method,
      headers: {
        origin: APP_URL,
        'sec-fetch-site': 'same-origin',
        'x-forwarded-for': '203.0.113.40',
        'user-agent': 'vitest-access',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(cookie === undefined ? {} : { cookie }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const response = await handler(request, { params: Promise.resolve(params) });
    if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
      // An event stream never ends by itself: the matrix needs its status only, so hang up at once.
      await response.body?.cancel();
      return new Response(null, { status: response.status, headers: response.headers });
    }
    return response;
  };

  const mintSession: AccessHarness['mintSession'] = async (userId) => {
    const sessionId = uuidv7();
    const token = randomBytes(24).toString('hex');
    await t.database.db.insert(sessions).values({
      id: sessionId,
      userId,
      token,
      expiresAt: new Date(Date.now() + 3_600_000),
      userAgent: 'vitest-access',
    });
    return { sessionId, cookie: `${SESSION_COOKIE_NAME}=${signSessionToken(token)}` };
  };

  return {
    database: t.database,
    driver: t.driver,
    auth,
    dataDir,
    call,
    mintSession,
    dispose: async () => {
      // The sync event hub listens on this test database (opened by the events route).
      const hub = slots.__openpracticeSyncHub;
      slots.__openpracticeSyncHub = undefined;
      await (await hub)?.close();
      setProcessDatabaseSlot(previous.database);
      slots.__openpracticeAuth = previous.auth;
      slots.__openpracticeRateLimitStore = previous.rateLimitStore;
      vi.unstubAllEnvs();
      resetConfigForTests();
      await t.dispose();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
};

/** Ends a session minted for a case (keeps the sessions table from growing across hundreds of calls). */
export const endSession = async (database: Database, sessionId: string): Promise<void> => {
  await database.db.delete(sessions).where(eq(sessions.id, sessionId));
};

/* ---------------------------------------------------------------------------------------------
 * "Nothing changed": a snapshot of the database's rows.
 * ------------------------------------------------------------------------------------------- */

type TableInfo = { name: string; tenant: boolean };

const tableCache = new WeakMap<Database, Promise<TableInfo[]>>();

/**
 * Every base table of `public`, and whether it carries `practice_id` (a tenant table). Read from
 * the catalog, so tables added by later migrations (patients, appointments…) are covered by every
 * "nothing changed" check without touching these tests.
 */
const tablesOf = (database: Database): Promise<TableInfo[]> => {
  let found = tableCache.get(database);
  if (found === undefined) {
    found = queryRows<{ name: string; tenant: boolean }>(
      database.db,
      sql`select t.table_name as name,
                 exists (select 1 from information_schema.columns c
                          where c.table_schema = 'public' and c.table_name = t.table_name and c.column_name = 'practice_id') as tenant
            from information_schema.tables t
           where t.table_schema = 'public' and t.table_type = 'BASE TABLE'
           order by t.table_name`,
    );
    tableCache.set(database, found);
  }
  return found;
};

/**
 * Columns that change on a read without being a change of records: the session lookup of every
 * request brings `last_active_at` up to date (the idle timeout, src/lib/auth/idle-timeout.ts).
 */
const VOLATILE_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  sessions: ['last_active_at', 'updated_at'],
};

/**
 * Tables whose rows are not records of anyone: counters of the rate limiter and the sign-in
 * throttle (the harness uses the memory store, so they stay empty anyway).
 */
const IGNORED_TABLES: ReadonlySet<string> = new Set(['rate_limit_counters']);

/**
 * Decision (issue #4 §5, "nothing changes"): a refused request may leave a trace of the refusal
 * itself in the audit log — an entry whose action ends in `.denied` — and that is not a change of
 * records. Any other new audit entry, in any chain, is a change. (No route writes denial entries
 * today: authorization fails before the domain opens its transaction.)
 */
const DENIAL_AUDIT_ACTION = '%.denied';

export type Snapshot = Record<string, string[]>;

/**
 * Every row of every table (or, with `practiceIds`, only the rows of those practices: their
 * `practices` row and the tenant tables' rows), each row as canonical JSON, sorted. One round trip.
 * Read on the test's owner connection, a superuser on both test drivers, so RLS hides nothing.
 */
export const snapshotDatabase = async (database: Database, { practiceIds }: { practiceIds?: readonly string[] } = {}): Promise<Snapshot> => {
  const tables = (await tablesOf(database)).filter(
    (table) => !IGNORED_TABLES.has(table.name) && (practiceIds === undefined || table.tenant || table.name === 'practices'),
  );
  if (practiceIds !== undefined && practiceIds.length === 0) {
    return {};
  }
  const scope =
    practiceIds === undefined
      ? undefined
      : `array[${practiceIds.map((id) => `'${assertUuid(id)}'::uuid`).join(',')}]`;
  const parts = tables.map(({ name, tenant }) => {
    const dropped = (VOLATILE_COLUMNS[name] ?? []).map((column) => ` - '${column}'`).join('');
    const conditions = [
      ...(scope === undefined ? [] : [`${tenant ? 'practice_id' : 'id'} = any(${scope})`]),
      ...(name === 'audit_log' ? [`action not like '${DENIAL_AUDIT_ACTION}'`] : []),
    ];
    const where = conditions.length === 0 ? '' : ` where ${conditions.join(' and ')}`;
    return `(select coalesce(jsonb_agg(to_jsonb(r)${dropped}), '[]'::jsonb)::text from "${name}" r${where}) as "${name}"`;
  });
  const [row] = await queryRows<Record<string, string>>(database.db, sql.raw(`select ${parts.join(',\n')}`));
  const snapshot: Snapshot = {};
  for (const { name } of tables) {
    snapshot[name] = (JSON.parse(row?.[name] ?? '[]') as unknown[]).map((value) => JSON.stringify(value)).sort();
  }
  return snapshot;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const assertUuid = (value: string): string => {
  if (!UUID.test(value)) {
    throw new Error(`not a UUID: ${value}`);
  }
  return value;
};

/** Tables whose rows differ between two snapshots, with the rows gone and the rows new (for the failure message). */
export const diffSnapshots = (before: Snapshot, after: Snapshot): Record<string, { removed: string[]; added: string[] }> => {
  const diff: Record<string, { removed: string[]; added: string[] }> = {};
  for (const table of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const was = new Set(before[table] ?? []);
    const is = new Set(after[table] ?? []);
    const removed = [...was].filter((row) => !is.has(row));
    const added = [...is].filter((row) => !was.has(row));
    if (removed.length > 0 || added.length > 0) {
      diff[table] = { removed, added };
    }
  }
  return diff;
};

/** The error code of an API error answer (reads a clone; the body stays readable). */
export const errorCodeOf = async (response: Response): Promise<string | undefined> => {
  try {
    const body = (await response.clone().json()) as { error?: { code?: unknown } };
    return typeof body.error?.code === 'string' ? body.error.code : undefined;
  } catch {
    return undefined;
  }
};
