import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZErrorBody } from '@/lib/api/errors';
import { PostgresRateLimitStore } from '@/lib/api/rate-limit/postgres-store';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import {
  APP_URL,
  BODY_LIMIT_BYTES,
  countPractices,
  createPracticeRoute,
  testRouteDeps,
  type LogLines,
} from './helpers/practice-route';

/*
 * The route wrapper end to end against a real database: a test-only route creates a practice;
 * every refused request answers the typed error body and leaves the database as it was.
 */

let testDb: TestDatabase;
let POST: ReturnType<typeof createPracticeRoute>;
let lines: LogLines;

beforeAll(async () => {
  testDb = await createTestDatabase();
  const store = new PostgresRateLimitStore({ database: () => testDb.database });
  const setup = testRouteDeps(store);
  lines = setup.lines;
  POST = createPracticeRoute(testDb.database, setup.deps);
});

afterAll(async () => {
  await testDb.dispose();
});

const validBody = () => {
  const suffix = randomBytes(4).toString('hex');
  return { name: `Lakeside Clinic ${suffix}`, slug: `lakeside-${suffix}`, timeZone: 'America/Chicago' };
};

/** Header values of `undefined` leave the header out. */
type PostOptions = { headers?: Record<string, string | undefined>; body?: BodyInit };

const post = ({ headers = {}, body = JSON.stringify(validBody()) }: PostOptions = {}) => {
  const merged = { 'content-type': 'application/json', origin: APP_URL, ...headers };
  return new Request(`${APP_URL}/api/test/practices`, {
    method: 'POST',
    body,
    headers: Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== undefined),
    duplex: 'half',
  } as RequestInit);
};

/** A body stream of `size` bytes with no Content-Length (chunked upload). */
const streamOfSize = (size: number) => {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= size) {
        controller.close();
        return;
      }
      const chunk = new TextEncoder().encode('x'.repeat(Math.min(256, size - sent)));
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
};

describe('route wrapper with a database-writing route', () => {
  it('creates the practice for a valid request', async () => {
    const before = await countPractices(testDb.database);
    const response = await POST(post());
    expect(response.status).toBe(201);
    expect(await countPractices(testDb.database)).toBe(before + 1);
  });

  const oversized = JSON.stringify({ ...validBody(), name: 'x'.repeat(BODY_LIMIT_BYTES * 4) });

  it.each([
    ['malformed JSON', 400, 'BAD_REQUEST', () => post({ body: '{"name": "Jane Doe", "slug": ' })],
    ['wrong content type', 415, 'UNSUPPORTED_MEDIA_TYPE', () => post({ headers: { 'content-type': 'text/plain' } })],
    ['no content type', 415, 'UNSUPPORTED_MEDIA_TYPE', () => post({ headers: { 'content-type': undefined }, body: new Blob(['{}']) })],
    ['oversized body, honest Content-Length', 413, 'PAYLOAD_TOO_LARGE', () => post({ body: oversized, headers: { 'content-length': String(Buffer.byteLength(oversized)) } })],
    ['oversized body, lying Content-Length', 413, 'PAYLOAD_TOO_LARGE', () => post({ body: oversized, headers: { 'content-length': '20' } })],
    ['oversized body, no Content-Length', 413, 'PAYLOAD_TOO_LARGE', () => post({ body: streamOfSize(BODY_LIMIT_BYTES * 8) })],
    ['Zod-invalid body', 422, 'VALIDATION_FAILED', () => post({ body: JSON.stringify({ name: '', slug: 'Not A Slug!', timeZone: 7 }) })],
    ['bad Origin', 403, 'ORIGIN_REJECTED', () => post({ headers: { origin: 'https://evil.example' } })],
    ['no Origin, cross-site fetch metadata', 403, 'ORIGIN_REJECTED', () => post({ headers: { origin: undefined, 'sec-fetch-site': 'cross-site' } })],
    ['no Origin, no fetch metadata', 403, 'ORIGIN_REJECTED', () => post({ headers: { origin: undefined } })],
  ])('%s → %i %s, typed body, database unchanged', async (_name, status, code, makeRequest) => {
    const before = await countPractices(testDb.database);
    const response = await POST(makeRequest());
    expect(response.status).toBe(status);
    const body = ZErrorBody.parse(await response.json());
    expect(body.error.code).toBe(code);
    expect(body.error.requestId).toBe(response.headers.get('x-request-id'));
    expect(JSON.stringify(body)).not.toContain('Jane');
    expect(await countPractices(testDb.database)).toBe(before);
  });

  it('422 names the failing fields by path', async () => {
    const response = await POST(post({ body: JSON.stringify({ name: '', slug: 'Not A Slug!', timeZone: 7, extra: 1 }) }));
    const body = ZErrorBody.parse(await response.json());
    expect(body.error.fields?.map((field) => field.path).sort()).toEqual(['extra', 'name', 'slug', 'timeZone']);
    expect(JSON.stringify(body)).not.toContain('Not A Slug!');
  });

  it('a database error becomes a generic 500: nothing internal in the body, the detail in the log', async () => {
    const body = validBody();
    expect((await POST(post({ body: JSON.stringify(body) }))).status).toBe(201);
    const before = await countPractices(testDb.database);
    lines.length = 0;
    // Same slug again: the unique constraint fails inside the handler.
    const response = await POST(post({ body: JSON.stringify({ ...body, name: 'Second Clinic' }) }));
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      error: { code: 'INTERNAL', message: 'Something went wrong.', requestId: response.headers.get('x-request-id') },
    });
    for (const internal of ['practices', 'slug', 'duplicate', 'insert', 'stack', ' at ']) {
      expect(text).not.toContain(internal);
    }
    expect(await countPractices(testDb.database)).toBe(before);
    const logged = JSON.stringify(lines);
    expect(logged).toContain('practices_slug_unique');
    // The rejected values stay out of the log as well.
    expect(logged).not.toContain(body.slug);
    expect(logged).not.toContain('Second Clinic');
  });

  it('rate limit → 429 with Retry-After, counted in the database', async () => {
    const store = new PostgresRateLimitStore({ database: () => testDb.database });
    const { deps } = testRouteDeps(store, { perAddressPerMinute: 2 });
    const limited = createPracticeRoute(testDb.database, deps);
    const address = `198.51.100.${1 + Math.floor(Math.random() * 250)}`;
    const from = () => post({ headers: { 'x-forwarded-for': address } });
    expect((await limited(from())).status).toBe(201);
    expect((await limited(from())).status).toBe(201);
    const before = await countPractices(testDb.database);
    const response = await limited(from());
    expect(response.status).toBe(429);
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(ZErrorBody.parse(await response.json()).error).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: retryAfter });
    expect(await countPractices(testDb.database)).toBe(before);
  });
});
