import { afterEach, describe, expect, it, vi } from 'vitest';
import { PendingRequests } from './pending-requests';
import type { RelayedRequest } from './tab-protocol';

const read: RelayedRequest = { op: 'all', args: { sql: 'select 1', params: [] } };
const write: RelayedRequest = { op: 'run', args: { sql: 'delete from patients', params: [] } };
const mutate: RelayedRequest = {
  op: 'mutate',
  args: { name: 'patients.archive', args: { practiceId: 'p', patientId: 'x', archived: true }, requestId: '0193a1b2-0000-7000-8000-00000000000a' },
};

/** Adds a request and records the ids it was sent under. */
const track = (pending: PendingRequests, request: RelayedRequest) => {
  const sent: number[] = [];
  const settled = pending.add(request, (id) => sent.push(id)).then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  const id = sent[0] ?? -1;
  return { id, settled };
};

afterEach(() => {
  vi.useRealTimers();
});

describe('PendingRequests after a leader change', () => {
  it('sends again what the old leader never accepted, and reads it had accepted', () => {
    const pending = new PendingRequests(60_000);
    const unsentWrite = track(pending, write);
    const acceptedRead = track(pending, read);
    pending.accepted(acceptedRead.id, 'old-leader');

    const resent: number[] = [];
    pending.redirect('new-leader', (id) => resent.push(id));
    expect(resent.sort()).toEqual([unsentWrite.id, acceptedRead.id].sort());
  });

  it('fails a write the old leader had accepted as outcome_unknown instead of running it twice', async () => {
    const pending = new PendingRequests(60_000);
    const acceptedWrite = track(pending, write);
    pending.accepted(acceptedWrite.id, 'old-leader');

    const resent: number[] = [];
    pending.redirect('new-leader', (id) => resent.push(id));
    expect(resent).toEqual([]);
    expect(await acceptedWrite.settled).toMatchObject({ error: { name: 'LocalDbError', code: 'outcome_unknown' } });
  });

  it('sends a mutate the old leader had accepted again: its request id keeps it from applying twice', () => {
    const pending = new PendingRequests(60_000);
    const acceptedMutate = track(pending, mutate);
    pending.accepted(acceptedMutate.id, 'old-leader');

    const resent: { id: number; request: RelayedRequest }[] = [];
    pending.redirect('new-leader', (id, request) => resent.push({ id, request }));
    // The same request, request id included: the new leader recognizes it.
    expect(resent).toEqual([{ id: acceptedMutate.id, request: mutate }]);
  });

  it('leaves alone what the new leader itself accepted', () => {
    const pending = new PendingRequests(60_000);
    const write1 = track(pending, write);
    pending.accepted(write1.id, 'new-leader');
    const resent: number[] = [];
    pending.redirect('new-leader', (id) => resent.push(id));
    expect(resent).toEqual([]);
  });

  it('answers each request once: a late answer from the old leader wins, a second is dropped', async () => {
    const pending = new PendingRequests(60_000);
    const request = track(pending, read);
    pending.redirect('new-leader', () => undefined);
    pending.settle(request.id, { ok: true, value: ['old'] });
    pending.settle(request.id, { ok: true, value: ['new'] });
    expect(await request.settled).toEqual({ value: ['old'] });
  });
});

describe('PendingRequests timeouts', () => {
  it('fails a request nobody answers with timeout, and ignores an answer after it', async () => {
    vi.useFakeTimers();
    const pending = new PendingRequests(5_000);
    const request = track(pending, read);
    vi.advanceTimersByTime(5_000);
    pending.settle(request.id, { ok: true, value: [] });
    expect(await request.settled).toMatchObject({ error: { code: 'timeout' } });
  });
});
