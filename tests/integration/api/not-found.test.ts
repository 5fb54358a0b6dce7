import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as catchAll from '@/app/api/[[...path]]/route';
import { ZErrorBody } from '@/lib/api/errors';
import { resetConfigForTests } from '@/lib/config/env';

beforeAll(() => {
  // The real route logs through the process logger; keep test output quiet.
  vi.stubEnv('LOG_LEVEL', 'silent');
  resetConfigForTests();
});

afterAll(() => {
  vi.unstubAllEnvs();
});

const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

describe('unknown API routes (/api/[[...path]])', () => {
  it.each(methods)('%s answers a typed 404 JSON', async (method) => {
    const handler = catchAll[method];
    const response = await handler(
      new Request('http://localhost:3000/api/v1/no-such-thing?patient=Jane', {
        method,
        // Same-origin, so state-changing methods pass the origin check and reach the 404.
        headers: { origin: 'http://localhost:3000' },
      }),
      { params: Promise.resolve({ path: ['v1', 'no-such-thing'] }) },
    );
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = ZErrorBody.parse(await response.json());
    expect(body.error.code).toBe('NOT_FOUND');
    expect(body.error.requestId).toBe(response.headers.get('x-request-id'));
    expect(JSON.stringify(body)).not.toContain('Jane');
  });

  it('is never prerendered', () => {
    expect(catchAll.dynamic).toBe('force-dynamic');
  });
});
