import { describe, expect, it } from 'vitest';
import { parseTabMessage, TAB_PROTOCOL_VERSION } from './tab-protocol';

const envelope = { v: TAB_PROTOCOL_VERSION, from: 'tab-1' };

describe('parseTabMessage', () => {
  it('accepts the messages of this version', () => {
    const request = { ...envelope, type: 'request', id: 3, op: 'run', args: { sql: 'delete from patients where id = ?', params: ['x'] } };
    expect(parseTabMessage(request)).toEqual(request);
    expect(parseTabMessage({ ...envelope, type: 'leader', vfs: 'idb' })).toBeDefined();
    expect(parseTabMessage({ ...envelope, type: 'tables', tables: ['patients'] })).toBeDefined();
    const failed = { ...envelope, type: 'response', to: 'tab-2', id: 3, ok: false, error: { name: 'LocalDbError', code: 'constraint', message: 'x' } };
    expect(parseTabMessage(failed)).toEqual(failed);
    const mutate = { ...envelope, type: 'request', id: 4, op: 'mutate', args: { name: 'patients.create', args: {}, requestId: 'r-1234567' } };
    expect(parseTabMessage(mutate)).toEqual(mutate);
    const status = { ...envelope, type: 'sync-status', status: { phase: 'idle', running: true, pending: 0 } };
    expect(parseTabMessage(status)).toEqual(status);
  });

  it('drops other versions, other senders and malformed fields', () => {
    expect(parseTabMessage({ ...envelope, v: TAB_PROTOCOL_VERSION + 1, type: 'hello' })).toBeUndefined();
    expect(parseTabMessage({ v: TAB_PROTOCOL_VERSION, type: 'hello' })).toBeUndefined();
    expect(parseTabMessage('hello')).toBeUndefined();
    expect(parseTabMessage({ ...envelope, type: 'request', id: 1, op: 'open', args: {} })).toBeUndefined();
    expect(parseTabMessage({ ...envelope, type: 'leader', vfs: 'memory' })).toBeUndefined();
    expect(parseTabMessage({ ...envelope, type: 'tables', tables: [1] })).toBeUndefined();
    expect(parseTabMessage({ ...envelope, type: 'response', to: 'tab-2', id: 3, ok: false, error: { message: 'raw' } })).toBeUndefined();
    expect(parseTabMessage({ ...envelope, type: 'shout' })).toBeUndefined();
    expect(parseTabMessage({ ...envelope, type: 'request', id: 1, op: 'startSync', args: { userId: 'u' } })).toBeUndefined();
    expect(parseTabMessage({ ...envelope, type: 'sync-status', status: { phase: 'idle' } })).toBeUndefined();
  });
});
