import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  API_ERROR_CODES,
  AppError,
  DEFAULT_ERROR_MESSAGES,
  HTTP_STATUS_BY_CODE,
  validationError,
  ZErrorBody,
  zodIssuesToFields,
} from './errors';
import { parseApiError, readApiError } from './read-api-error';

describe('HTTP_STATUS_BY_CODE', () => {
  it('maps every code to an error status and has a default message for each', () => {
    for (const code of API_ERROR_CODES) {
      expect(HTTP_STATUS_BY_CODE[code]).toBeGreaterThanOrEqual(400);
      expect(DEFAULT_ERROR_MESSAGES[code].length).toBeGreaterThan(0);
    }
    expect(HTTP_STATUS_BY_CODE.VALIDATION_FAILED).toBe(422);
    expect(HTTP_STATUS_BY_CODE.ORIGIN_REJECTED).toBe(403);
    expect(HTTP_STATUS_BY_CODE.RATE_LIMITED).toBe(429);
    expect(HTTP_STATUS_BY_CODE.INTERNAL).toBe(500);
  });
});

describe('AppError', () => {
  it('carries code, mapped status, default message and extras', () => {
    const error = new AppError('RATE_LIMITED', undefined, { retryAfterSeconds: 7 });
    expect(error).toBeInstanceOf(Error);
    expect(error.status).toBe(429);
    expect(error.message).toBe(DEFAULT_ERROR_MESSAGES.RATE_LIMITED);
    expect(error.retryAfterSeconds).toBe(7);
    expect(new AppError('CONFLICT', 'Slot taken.').message).toBe('Slot taken.');
  });
});

describe('zodIssuesToFields', () => {
  const ZBody = z.strictObject({
    patient: z.object({ lastName: z.string().min(1), birthDate: z.iso.date() }),
    items: z.array(z.object({ quantity: z.number().int() })),
  });

  it('gives dotted paths and never echoes the rejected values', () => {
    const result = ZBody.safeParse({
      patient: { lastName: 42, birthDate: 'Jane Doe 1970' },
      items: [{ quantity: 1 }, { quantity: 'Johnson' }],
      surprise: 'Secret Value',
    });
    expect(result.success).toBe(false);
    const fields = zodIssuesToFields(result.error?.issues ?? []);
    expect(fields.map((field) => field.path).sort()).toEqual(
      ['items.1.quantity', 'patient.birthDate', 'patient.lastName', 'surprise'].sort(),
    );
    expect(fields.find((field) => field.path === 'surprise')?.message).toBe('Unknown field');
    const text = JSON.stringify(fields);
    for (const value of ['Jane Doe', 'Johnson', 'Secret Value', '42']) {
      expect(text).not.toContain(value);
    }
  });

  it('bounds the number of fields', () => {
    const result = z.array(z.string()).safeParse(Array.from({ length: 500 }, (_, i) => i));
    expect(zodIssuesToFields(result.error?.issues ?? [])).toHaveLength(50);
  });

  it('validationError is a 422 AppError with the fields', () => {
    const result = z.object({ a: z.string() }).safeParse({});
    const error = validationError(result.error ?? new z.ZodError([]));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.status).toBe(422);
    expect(error.fields).toEqual([{ path: 'a', message: expect.any(String) as string }]);
  });
});

describe('parseApiError', () => {
  it('accepts exactly the bodies ZErrorBody accepts (the browser reads without Zod)', () => {
    const good = { error: { code: 'NOT_FOUND', message: 'Not found.', requestId: 'r1' } };
    const bodies: unknown[] = [
      good,
      { error: { ...good.error, fields: [{ path: 'a.b', message: 'Required' }], retryAfterSeconds: 3 } },
      { error: { ...good.error, code: 'NOPE' } },
      { error: { ...good.error, message: 1 } },
      { error: { ...good.error, requestId: undefined } },
      { error: { ...good.error, fields: [{ path: 'a' }] } },
      { error: { ...good.error, fields: 'a' } },
      { error: { ...good.error, retryAfterSeconds: -1 } },
      { error: { ...good.error, retryAfterSeconds: 1.5 } },
      { error: [] },
      { error: null },
      [],
      'text',
      null,
    ];
    for (const body of bodies) {
      const parsed = ZErrorBody.safeParse(body);
      const read = parseApiError(body, 418);
      expect(read).toEqual(parsed.success ? parsed.data.error : { code: 'BAD_REQUEST', message: DEFAULT_ERROR_MESSAGES.BAD_REQUEST, requestId: '' });
    }
  });

  it('reads a typed error body', () => {
    const body = { error: { code: 'NOT_FOUND', message: 'Not found.', requestId: 'r1' } };
    expect(ZErrorBody.parse(body)).toEqual(body);
    expect(parseApiError(body, 404)).toEqual(body.error);
  });

  it('derives a typed error from the status when the body is not ours', () => {
    expect(parseApiError('<html>Bad gateway</html>', 502)).toMatchObject({ code: 'INTERNAL', requestId: '' });
    expect(parseApiError(undefined, 405).code).toBe('METHOD_NOT_ALLOWED');
    expect(parseApiError({ error: 'nope' }, 403).code).toBe('FORBIDDEN');
    expect(parseApiError(null, 418).code).toBe('BAD_REQUEST');
  });

  it('readApiError tolerates non-JSON and takes the request id from the header', async () => {
    const response = new Response('not json', { status: 429, headers: { 'x-request-id': 'abc' } });
    expect(await readApiError(response)).toEqual({
      code: 'RATE_LIMITED',
      message: DEFAULT_ERROR_MESSAGES.RATE_LIMITED,
      requestId: 'abc',
    });
  });
});
