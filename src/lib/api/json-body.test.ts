import { describe, expect, it } from 'vitest';
import { AppError } from './errors';
import { isJsonContentType, readBodyBytes, readJsonBody } from './json-body';

const streamOf = (...chunks: string[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) {
        controller.enqueue(new TextEncoder().encode(chunk));
      }
      controller.close();
    },
  });

const post = (body: BodyInit | null, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  new Request('http://localhost/api/x', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);

const codeOf = async (work: Promise<unknown>): Promise<string> => {
  try {
    await work;
    return 'resolved';
  } catch (error) {
    return error instanceof AppError ? error.code : 'other';
  }
};

describe('isJsonContentType', () => {
  it('accepts application/json with an optional UTF-8 charset', () => {
    expect(isJsonContentType('application/json')).toBe(true);
    expect(isJsonContentType('Application/JSON; charset=UTF-8')).toBe(true);
    expect(isJsonContentType('application/json;charset="utf-8"')).toBe(true);
  });

  it('refuses anything else', () => {
    for (const value of [null, '', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', 'application/json; charset=latin1', 'application/jsonx']) {
      expect(isJsonContentType(value)).toBe(false);
    }
  });
});

describe('readBodyBytes', () => {
  it('reads a body up to the limit', async () => {
    const bytes = await readBodyBytes(post(streamOf('{"a":', '1}')), 7);
    expect(new TextDecoder().decode(bytes)).toBe('{"a":1}');
  });

  it('refuses an honest Content-Length above the limit without reading', async () => {
    expect(await codeOf(readBodyBytes(post('x'.repeat(20), { 'content-length': '20' }), 10))).toBe('PAYLOAD_TOO_LARGE');
  });

  it('counts the bytes when Content-Length is absent or lies', async () => {
    expect(await codeOf(readBodyBytes(post(streamOf('x'.repeat(6), 'x'.repeat(6))), 10))).toBe('PAYLOAD_TOO_LARGE');
    expect(await codeOf(readBodyBytes(post(streamOf('x'.repeat(30)), { 'content-length': '2' }), 10))).toBe(
      'PAYLOAD_TOO_LARGE',
    );
  });

  it('a body that breaks off mid-upload is a 400, not a server fault', async () => {
    const broken = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error('socket hang up'));
      },
    });
    expect(await codeOf(readBodyBytes(post(broken), 10))).toBe('BAD_REQUEST');
  });

  it('refuses a malformed Content-Length', async () => {
    expect(await codeOf(readBodyBytes(post('{}', { 'content-length': '1e3' }), 10))).toBe('BAD_REQUEST');
  });
});

describe('readJsonBody', () => {
  it('parses JSON', async () => {
    expect(await readJsonBody(post('{"a":[1,2]}'), 100)).toEqual({ a: [1, 2] });
  });

  it('415 for a non-JSON content type', async () => {
    expect(await codeOf(readJsonBody(post('{}', { 'content-type': 'text/plain' }), 100))).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await codeOf(readJsonBody(post('{}', {}), 100))).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('400 for empty, malformed or non-UTF-8 bodies, without quoting the input', async () => {
    expect(await codeOf(readJsonBody(post(''), 100))).toBe('BAD_REQUEST');
    expect(await codeOf(readJsonBody(post(new Uint8Array([0x7b, 0xff, 0x7d])), 100))).toBe('BAD_REQUEST');
    try {
      await readJsonBody(post('{"lastName": Jane Doe}'), 100);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('BAD_REQUEST');
      expect((error as AppError).message).not.toContain('Jane');
    }
  });
});
