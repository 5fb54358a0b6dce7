import { describe, expect, it } from 'vitest';
import { ZPullRequest, ZPullResponse } from './pull';
import { MAX_MUTATIONS_PER_PUSH, ZMutationResult, ZPushRequest } from './push';
import { checkProtocolVersion, OLDEST_ACCEPTED_PROTOCOL_VERSION, SYNC_PROTOCOL_VERSION } from './version';

const clientId = '0193a1b2-0000-7000-8000-000000000001';
const practiceId = '0193a1b2-0000-7000-8000-000000000002';
const rowId = '0193a1b2-0000-7000-8000-000000000003';

const mutation = (id: number) => ({
  id,
  name: 'patients.update',
  args: { patientId: rowId },
  baseVersions: { [rowId]: 4 },
  createdAt: '2026-11-25T09:30:00.000+01:00',
});

describe('protocol version', () => {
  it('accepts the current version and refuses older than the oldest accepted', () => {
    expect(checkProtocolVersion(SYNC_PROTOCOL_VERSION)).toBe('ok');
    expect(checkProtocolVersion(OLDEST_ACCEPTED_PROTOCOL_VERSION - 1)).toBe('upgrade_required');
    expect(checkProtocolVersion(SYNC_PROTOCOL_VERSION + 1)).toBe('unknown');
  });
});

describe('push messages', () => {
  it('parses a batch and defaults missing base versions', () => {
    const parsed = ZPushRequest.parse({
      protocolVersion: 1,
      clientId,
      mutations: [mutation(1), { ...mutation(2), baseVersions: undefined }],
    });
    expect(parsed.mutations[1]?.baseVersions).toEqual({});
  });

  it('refuses empty and oversized batches, bad names and non-positive ids', () => {
    const base = { protocolVersion: 1, clientId };
    expect(ZPushRequest.safeParse({ ...base, mutations: [] }).success).toBe(false);
    const many = Array.from({ length: MAX_MUTATIONS_PER_PUSH + 1 }, (_, index) => mutation(index + 1));
    expect(ZPushRequest.safeParse({ ...base, mutations: many }).success).toBe(false);
    expect(ZPushRequest.safeParse({ ...base, mutations: [{ ...mutation(1), name: 'DROP TABLE' }] }).success).toBe(false);
    expect(ZPushRequest.safeParse({ ...base, mutations: [mutation(0)] }).success).toBe(false);
    expect(ZPushRequest.safeParse({ ...base, mutations: [{ ...mutation(1), createdAt: 'yesterday' }] }).success).toBe(false);
  });

  it('tells results apart by status', () => {
    expect(ZMutationResult.parse({ id: 1, status: 'conflict', reason: 'field_collision', conflictId: rowId })).toMatchObject({
      status: 'conflict',
    });
    expect(ZMutationResult.safeParse({ id: 1, status: 'conflict', reason: 'because' }).success).toBe(false);
  });
});

describe('pull messages', () => {
  it('defaults the limit and bounds it', () => {
    expect(ZPullRequest.parse({ protocolVersion: 1, clientId, cursors: { [practiceId]: 0 } }).limit).toBe(1000);
    expect(ZPullRequest.safeParse({ protocolVersion: 1, clientId, cursors: {}, limit: 100_000 }).success).toBe(false);
    expect(ZPullRequest.safeParse({ protocolVersion: 1, clientId, cursors: { 'not-a-uuid': 1 } }).success).toBe(false);
  });

  it('parses puts and removes of synced tables only', () => {
    const response = {
      resets: [],
      revoked: [],
      changes: [
        { op: 'put', practiceId, table: 'patients', version: 7, row: { id: rowId, practiceId, version: 7, familyName: 'Okafor' } },
        { op: 'remove', practiceId, table: 'patients', version: 8, id: rowId },
      ],
      cursors: { [practiceId]: 8 },
      hasMore: false,
      lastMutationId: 3,
    };
    expect(ZPullResponse.parse(response).changes).toHaveLength(2);
    expect(
      ZPullResponse.safeParse({ ...response, changes: [{ op: 'put', practiceId, table: 'users', version: 1, row: {} }] }).success,
    ).toBe(false);
  });

  it("refuses a row without its id, practice or version, or filed under another practice", () => {
    const put = (row: Record<string, unknown>) => ({
      resets: [],
      revoked: [],
      changes: [{ op: 'put', practiceId, table: 'patients', version: 7, row }],
      cursors: { [practiceId]: 7 },
      hasMore: false,
      lastMutationId: 0,
    });
    const row = { id: rowId, practiceId, version: 7 };
    expect(ZPullResponse.safeParse(put(row)).success).toBe(true);
    expect(ZPullResponse.safeParse(put({ ...row, id: undefined })).success).toBe(false);
    expect(ZPullResponse.safeParse(put({ ...row, practiceId: undefined })).success).toBe(false);
    expect(ZPullResponse.safeParse(put({ ...row, version: -1 })).success).toBe(false);
    expect(ZPullResponse.safeParse(put({ ...row, practiceId: clientId })).success).toBe(false);
  });
});
