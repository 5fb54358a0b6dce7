import { describe, expect, it } from 'vitest';
import { createHttpTransport } from './http-transport';
import { SyncTransportError } from './transport';

const pull = { protocolVersion: 1, clientId: '0193a1b2-0000-7000-8000-000000000001', cursors: {}, limit: 10 };

const answering = (status: number, body: unknown) =>
  createHttpTransport({
    fetchImpl: () => Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })),
  });

const errorBody = (code: string) => ({ error: { code, message: 'm', requestId: 'r' } });

const kindOf = async (transport: ReturnType<typeof createHttpTransport>) =>
  transport.pull(pull).then(
    () => 'ok',
    (error: unknown) => (error instanceof SyncTransportError ? error.kind : String(error)),
  );

describe('createHttpTransport', () => {
  it('maps error answers to what the replicator does about them', async () => {
    expect(await kindOf(answering(401, errorBody('UNAUTHENTICATED')))).toBe('unauthenticated');
    expect(await kindOf(answering(426, errorBody('UPGRADE_REQUIRED')))).toBe('upgrade_required');
    expect(await kindOf(answering(429, errorBody('RATE_LIMITED')))).toBe('rate_limited');
    expect(await kindOf(answering(403, errorBody('FORBIDDEN')))).toBe('forbidden');
    expect(await kindOf(answering(500, errorBody('INTERNAL')))).toBe('server');
    expect(await kindOf(answering(502, '<html>bad gateway</html>'))).toBe('server');
  });

  it('treats an unreachable server as a network failure', async () => {
    const transport = createHttpTransport({ fetchImpl: () => Promise.reject(new TypeError('fetch failed')) });
    expect(await kindOf(transport)).toBe('network');
  });

  it('parses a good answer and refuses one that is not a pull answer', async () => {
    const good = { resets: [], revoked: [], changes: [], cursors: {}, hasMore: false, lastMutationId: 0 };
    await expect(answering(200, good).pull(pull)).resolves.toEqual(good);
    await expect(answering(200, { surprise: true }).pull(pull)).rejects.toThrow();
  });

  it('refuses an answer with a malformed row (a wrong type in a known field)', async () => {
    const practiceId = '0193a1b2-0000-7000-8000-000000000002';
    const row = { id: '0193a1b2-0000-7000-8000-000000000003', practiceId, version: 4, familyName: 'Okafor' };
    const answer = (familyName: unknown) => ({
      resets: [],
      revoked: [],
      changes: [{ op: 'put', practiceId, table: 'patients', version: 4, row: { ...row, familyName } }],
      cursors: { [practiceId]: 4 },
      hasMore: false,
      lastMutationId: 0,
    });
    await expect(answering(200, answer('Okafor')).pull(pull)).resolves.toEqual(answer('Okafor'));
    await expect(answering(200, answer(['Okafor'])).pull(pull)).rejects.toThrow(/familyName/);
  });
});
