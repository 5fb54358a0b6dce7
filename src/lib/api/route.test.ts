import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { captureLogger } from '../../../tests/support/capture-logger';
import { AppError, ZErrorBody } from './errors';
import { MemoryRateLimitStore } from './rate-limit/memory-store';
import type { RateLimitStore } from './rate-limit/store';
import { createApiRoute, type ApiRouteDeps } from './route';
import type { ApiSession } from './session';

const APP_URL = 'http://localhost:3000';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A wrapper with its own config, store, session and a logger whose lines we can read. */
const TEST_USER = { name: 'Test User', email: 'test@clinic.test' };

type SetupOptions = {
  session?: ApiSession | null;
  perUser?: number;
  perAddress?: number;
  store?: RateLimitStore;
};

const setup = (overrides: SetupOptions = {}) => {
  const { logger, lines } = captureLogger();
  const store = overrides.store ?? new MemoryRateLimitStore();
  const deps: ApiRouteDeps = {
    config: () => ({
      appUrl: APP_URL,
      trustProxy: false,
      apiBodyLimitBytes: 64,
      rateLimit: { store: 'memory', perUserPerMinute: overrides.perUser ?? 100, perAddressPerMinute: overrides.perAddress ?? 100 },
    }),
    logger: () => logger,
    resolveSession: () => Promise.resolve(overrides.session ?? null),
    rateLimitStore: () => store,
  };
  return { apiRoute: createApiRoute(deps), lines };
};

const post = (body: string, headers: Record<string, string> = {}, path = '/api/things') =>
  new Request(`${APP_URL}${path}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', origin: APP_URL, 'x-forwarded-for': '203.0.113.7', ...headers },
  });

const ZThing = z.object({ label: z.string().min(1), count: z.number().int() });

const errorOf = async (response: Response) => ZErrorBody.parse(await response.json()).error;

describe('apiRoute', () => {
  it('runs the handler with the validated body and answers JSON with a request id and no-store', async () => {
    const { apiRoute, lines } = setup();
    const handler = apiRoute({ route: '/api/things', auth: 'public', body: ZThing }, ({ body, requestId }) => ({
      got: body,
      requestId,
    }));
    const response = await handler(post('{"label":"a","count":2}'));
    expect(response.status).toBe(200);
    const requestId = response.headers.get('x-request-id') ?? '';
    expect(requestId).toMatch(UUID);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ got: { label: 'a', count: 2 }, requestId });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ requestId, method: 'POST', route: '/api/things', status: 200, msg: 'request' });
    expect(typeof lines[0]?.durationMs).toBe('number');
  });

  it('answers 204 for an undefined result and passes a Response through', async () => {
    const { apiRoute } = setup();
    const empty = apiRoute({ route: '/api/x', auth: 'public' }, () => undefined);
    expect((await empty(new Request(`${APP_URL}/api/x`))).status).toBe(204);
    const custom = apiRoute({ route: '/api/x', auth: 'public' }, () =>
      Response.json({ ok: true }, { status: 201, headers: { 'cache-control': 'private, max-age=5' } }),
    );
    const response = await custom(new Request(`${APP_URL}/api/x`));
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('private, max-age=5');
    expect(response.headers.get('x-request-id')).toMatch(UUID);
  });

  it('handles immutable handler responses (redirects)', async () => {
    const { apiRoute } = setup();
    const handler = apiRoute({ route: '/api/x', auth: 'public' }, () => Response.redirect(`${APP_URL}/elsewhere`, 303));
    const response = await handler(new Request(`${APP_URL}/api/x`));
    expect(response.status).toBe(303);
    expect(response.headers.get('x-request-id')).toMatch(UUID);
  });

  it('refuses a cross-site state-changing request before reading anything (403 ORIGIN_REJECTED)', async () => {
    const { apiRoute } = setup();
    let ran = false;
    const handler = apiRoute({ route: '/api/things', auth: 'public', body: ZThing }, () => {
      ran = true;
    });
    const response = await handler(post('{"label":"a","count":2}', { origin: 'https://evil.example' }));
    expect(response.status).toBe(403);
    expect((await errorOf(response)).code).toBe('ORIGIN_REJECTED');
    expect(ran).toBe(false);
  });

  it.each([
    ['malformed JSON', post('{"label": Jane', {}), 400, 'BAD_REQUEST'],
    ['wrong content type', post('label=a', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['oversized body', post(JSON.stringify({ label: 'x'.repeat(100), count: 1 })), 413, 'PAYLOAD_TOO_LARGE'],
  ])('%s → %i %s', async (_name, request, status, code) => {
    const { apiRoute } = setup();
    const handler = apiRoute({ route: '/api/things', auth: 'public', body: ZThing }, () => ({ ok: true }));
    const response = await handler(request);
    expect(response.status).toBe(status);
    const error = await errorOf(response);
    expect(error.code).toBe(code);
    expect(error.requestId).toBe(response.headers.get('x-request-id'));
    expect(error.message).not.toContain('Jane');
  });

  it('Zod-invalid body → 422 with field paths and no values', async () => {
    const { apiRoute } = setup();
    const handler = apiRoute({ route: '/api/things', auth: 'public', body: ZThing }, () => ({ ok: true }));
    const response = await handler(post('{"label":"","count":"Jane"}'));
    expect(response.status).toBe(422);
    const error = await errorOf(response);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.fields?.map((field) => field.path).sort()).toEqual(['count', 'label']);
    expect(JSON.stringify(error)).not.toContain('Jane');
  });

  it('validates the query (422) and params (404)', async () => {
    const { apiRoute } = setup();
    const handler = apiRoute(
      {
        route: '/api/things/[thingId]',
        auth: 'public',
        query: z.object({ limit: z.coerce.number().int().max(50), tag: z.array(z.string()).optional() }),
        params: z.object({ thingId: z.uuid() }),
      },
      ({ query, params }) => ({ query, params }),
    );
    const id = '0195f0a0-0000-7000-8000-000000000001';
    const ok = await handler(new Request(`${APP_URL}/api/things/${id}?limit=5&tag=a&tag=b`), {
      params: Promise.resolve({ thingId: id }),
    });
    expect(await ok.json()).toEqual({ query: { limit: 5, tag: ['a', 'b'] }, params: { thingId: id } });

    const badQuery = await handler(new Request(`${APP_URL}/api/things/${id}?limit=500`), {
      params: Promise.resolve({ thingId: id }),
    });
    expect(badQuery.status).toBe(422);
    expect((await errorOf(badQuery)).fields?.[0]?.path).toBe('limit');

    const badParams = await handler(new Request(`${APP_URL}/api/things/not-a-uuid?limit=1`), {
      params: Promise.resolve({ thingId: 'not-a-uuid' }),
    });
    expect(badParams.status).toBe(404);
  });

  it("auth 'session' without a session → 401; with one, the handler gets it", async () => {
    const anonymous = setup();
    const guarded = anonymous.apiRoute({ route: '/api/me', auth: 'session' }, ({ session }) => ({ userId: session.userId }));
    const refused = await guarded(new Request(`${APP_URL}/api/me`));
    expect(refused.status).toBe(401);
    expect((await errorOf(refused)).code).toBe('UNAUTHENTICATED');

    const signedIn = setup({ session: { userId: 'u-1', sessionId: 's-1', practiceIds: [], memberships: [], twoFactorEnabled: false, user: TEST_USER, idleTimeoutMinutes: 15 } });
    const handler = signedIn.apiRoute({ route: '/api/me', auth: 'session' }, ({ session }) => ({ userId: session.userId }));
    expect(await (await handler(new Request(`${APP_URL}/api/me`))).json()).toEqual({ userId: 'u-1' });
    expect(signedIn.lines[0]).toMatchObject({ userId: 'u-1' });
  });

  it('rate limits per address, then 429 with Retry-After and retryAfterSeconds', async () => {
    const { apiRoute } = setup({ perAddress: 2 });
    const handler = apiRoute({ route: '/api/x', auth: 'public' }, () => ({ ok: true }));
    const from = (address: string) => new Request(`${APP_URL}/api/x`, { headers: { 'x-forwarded-for': address } });
    expect((await handler(from('203.0.113.1'))).status).toBe(200);
    expect((await handler(from('203.0.113.1'))).status).toBe(200);
    const limited = await handler(from('203.0.113.1'));
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const error = await errorOf(limited);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: retryAfter });
    // Another address has its own budget.
    expect((await handler(from('203.0.113.2'))).status).toBe(200);
  });

  it('rate limits a signed-in user per user, whatever the address', async () => {
    const { apiRoute } = setup({ session: { userId: 'u-2', sessionId: 's', practiceIds: [], memberships: [], twoFactorEnabled: false, user: TEST_USER, idleTimeoutMinutes: 15 }, perUser: 1, perAddress: 100 });
    const handler = apiRoute({ route: '/api/x', auth: 'session' }, () => ({ ok: true }));
    const from = (address: string) => new Request(`${APP_URL}/api/x`, { headers: { 'x-forwarded-for': address } });
    expect((await handler(from('203.0.113.1'))).status).toBe(200);
    expect((await handler(from('203.0.113.2'))).status).toBe(429);
  });

  it('holds signed-in users to the address limit too', async () => {
    const store = new MemoryRateLimitStore();
    const one = setup({ session: { userId: 'u-3', sessionId: 's', practiceIds: [], memberships: [], twoFactorEnabled: false, user: TEST_USER, idleTimeoutMinutes: 15 }, perUser: 100, perAddress: 2, store });
    const two = setup({ session: { userId: 'u-4', sessionId: 's', practiceIds: [], memberships: [], twoFactorEnabled: false, user: TEST_USER, idleTimeoutMinutes: 15 }, perUser: 100, perAddress: 2, store });
    const from = (address: string) => new Request(`${APP_URL}/api/x`, { headers: { 'x-forwarded-for': address } });
    const first = one.apiRoute({ route: '/api/x', auth: 'session' }, () => ({ ok: true }));
    const second = two.apiRoute({ route: '/api/x', auth: 'session' }, () => ({ ok: true }));
    expect((await first(from('203.0.113.3'))).status).toBe(200);
    expect((await second(from('203.0.113.3'))).status).toBe(200);
    // A third account from the same address is over the address's budget.
    expect((await second(from('203.0.113.3'))).status).toBe(429);
  });

  it('does not count when rateLimit is false', async () => {
    const { apiRoute } = setup({ perAddress: 1 });
    const handler = apiRoute({ route: '/api/health', auth: 'public', rateLimit: false }, () => ({ ok: true }));
    const request = () => new Request(`${APP_URL}/api/health`, { headers: { 'x-forwarded-for': '203.0.113.1' } });
    for (let i = 0; i < 3; i++) {
      expect((await handler(request())).status).toBe(200);
    }
  });

  it('an unknown error → generic 500; the detail reaches the log only', async () => {
    const { apiRoute, lines } = setup();
    const handler = apiRoute({ route: '/api/boom', auth: 'public' }, () => {
      throw new TypeError('connection to db-internal.example:5432 refused for user admin');
    });
    const response = await handler(new Request(`${APP_URL}/api/boom`));
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      error: { code: 'INTERNAL', message: 'Something went wrong.', requestId: response.headers.get('x-request-id') },
    });
    expect(text).not.toContain('db-internal');
    expect(text).not.toContain('TypeError');
    expect(lines[0]).toMatchObject({ level: 'error', status: 500, code: 'INTERNAL', msg: 'request failed' });
    expect(JSON.stringify(lines[0])).toContain('db-internal.example');
  });

  it('maps AppErrors and Zod errors thrown below the handler', async () => {
    const { apiRoute } = setup();
    const conflict = apiRoute({ route: '/api/x', auth: 'public' }, () => {
      throw new AppError('CONFLICT', 'That slot is taken.');
    });
    const response = await conflict(new Request(`${APP_URL}/api/x`));
    expect(response.status).toBe(409);
    expect(await errorOf(response)).toMatchObject({ code: 'CONFLICT', message: 'That slot is taken.' });

    const zod = apiRoute({ route: '/api/x', auth: 'public' }, () => z.object({ a: z.string() }).parse({}));
    const invalid = await zod(new Request(`${APP_URL}/api/x`));
    expect(invalid.status).toBe(422);
    expect((await errorOf(invalid)).fields).toEqual([{ path: 'a', message: expect.any(String) as string }]);
  });

  it('never logs the query string or the body', async () => {
    const { apiRoute, lines } = setup();
    const handler = apiRoute({ route: '/api/things', auth: 'public', body: ZThing }, () => ({ ok: true }));
    await handler(post('{"label":"Patient Rosalind","count":1}', {}, '/api/things?search=Rosalind'));
    const logged = JSON.stringify(lines);
    expect(logged).not.toContain('Rosalind');
    expect(logged).toContain('/api/things');
  });

  it('fails open, with a warning, when the rate limit store fails', async () => {
    const { apiRoute, lines } = setup({ perAddress: 1, store: { hit: () => Promise.reject(new Error('database down')) } });
    const handler = apiRoute({ route: '/api/x', auth: 'public' }, () => ({ ok: true }));
    const response = await handler(new Request(`${APP_URL}/api/x`, { headers: { 'x-forwarded-for': '203.0.113.1' } }));
    expect(response.status).toBe(200);
    expect(lines[0]).toMatchObject({ level: 'warn', msg: 'rate limit check failed; request allowed' });
    expect(lines[1]).toMatchObject({ level: 'info', status: 200 });
  });
});
