import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApiSession } from '@/lib/api/session';
import type { Database } from '@/lib/db/client';
import { practices, type Practice } from '@/lib/db/schema/practices';
import { SYNC_HEARTBEAT_SECONDS } from '@/lib/sync/protocol/events';
import { createSyncEventHub, type SyncEventHub } from '@/lib/sync/server/event-hub';
import { openEventStream, SYNC_STREAM_MAX_SECONDS } from '@/lib/sync/server/event-stream';
import { seedMember, seedStaff, seedUser } from '../../factories/identity';
import { seedPractice } from '../../factories/practices';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { seedPatient } from '../patients/seed-patient';

/*
 * GET /api/sync/events below the route: `openEventStream` with the real hub (LISTEN/NOTIFY on
 * PostgreSQL, in-process on PGlite) on a real test database, read as the browser's EventSource
 * would read it. Commits go through the mutation executor, whose NOTIFY is delivered on commit.
 *
 * No assertion waits for something NOT to happen: "never arrives" is shown by ordering instead —
 * one listening connection receives notifications in commit order, and the initial heads are
 * enqueued in one synchronous loop, so once a later event has arrived an earlier one cannot.
 */

let t: TestDatabase;
let database: Database;
let hub: SyncEventHub;

beforeAll(async () => {
  t = await createTestDatabase();
  database = t.database;
  hub = await createSyncEventHub(database);
});
afterAll(async () => {
  await hub.close();
  await t.dispose();
});
afterEach(() => {
  vi.useRealTimers();
});

type SseEvent = { raw: string; id?: string; event?: string; data?: string; retry?: string };

const parseBlock = (raw: string): SseEvent => {
  const event: SseEvent = { raw };
  for (const line of raw.split('\n')) {
    const match = /^(id|event|data|retry): (.*)$/.exec(line);
    if (match?.[1]) {
      event[match[1] as 'id' | 'event' | 'data' | 'retry'] = match[2] ?? '';
    }
  }
  return event;
};

/** The exact bytes of a poke, as DESIGN §5 and the protocol (src/lib/sync/protocol/events.ts) define them. */
const pokeText = (practiceId: string, version: number) =>
  `id: ${practiceId}:${version}\nevent: poke\ndata: ${JSON.stringify({ practiceId, version })}`;

const openStream = ({
  session,
  lastEventId = null,
  recheckSession = () => Promise.resolve(session),
}: {
  session: ApiSession;
  lastEventId?: string | null;
  recheckSession?: () => Promise<ApiSession | null>;
}) => {
  const abort = new AbortController();
  const reader = openEventStream({ database, hub, session, lastEventId, recheckSession, signal: abort.signal }).getReader();
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  let buffer = '';
  let ended = false;
  const readOnce = async () => {
    const chunk = await reader.read();
    if (chunk.done) {
      ended = true;
      return;
    }
    buffer += decoder.decode(chunk.value, { stream: true });
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      events.push(parseBlock(buffer.slice(0, end)));
      buffer = buffer.slice(end + 2);
    }
  };
  return {
    events,
    pokes: () => events.filter((event) => event.event === 'poke'),
    /** Reads until `check` holds (the test's own timeout guards a stream that never delivers). */
    until: async (check: () => boolean, what: string) => {
      while (!check()) {
        if (ended) {
          throw new Error(`the stream ended before ${what}`);
        }
        await readOnce();
      }
    },
    /** Reads to the end of the stream; the events read on the way are kept. */
    toEnd: async () => {
      while (!ended) {
        await readOnce();
      }
    },
    abort: () => abort.abort(),
    hangUp: () => reader.cancel(),
  };
};

/** One user, a nurse in each of `memberOf`, as the route hands the session to the stream. */
const sessionOf = async (...memberOf: Practice[]): Promise<ApiSession> => {
  const user = await seedUser(database);
  for (const practice of memberOf) {
    await seedMember(database, { practice, user, role: 'nurse' });
  }
  return session(user.id, memberOf.map((practice) => practice.id));
};

const session = (userId: string, practiceIds: string[]): ApiSession => ({
  userId,
  sessionId: '0190a000-0000-7000-8000-000000000001',
  practiceIds,
  memberships: practiceIds.map((practiceId) => ({ practiceId, role: 'nurse' })),
  twoFactorEnabled: true,
  user: { name: 'Nora Nurse', email: 'nora@clinic.test' },
  idleTimeoutMinutes: 15,
});

/** A committed change in `practice` (a patient registered by a front-desk member); returns the practice's new head. */
const commitIn = async (practice: Practice): Promise<number> => {
  const desk = await seedStaff(database, practice, 'front_desk');
  await seedPatient(database, { practiceId: practice.id, userId: desk.userId });
  return headOf(practice);
};

const headOf = async (practice: Practice): Promise<number> => {
  const [row] = await database.db.select({ version: practices.changeSeq }).from(practices).where(eq(practices.id, practice.id));
  return row?.version ?? 0;
};

describe('openEventStream', () => {
  it('opens with the reconnect delay, then the current version of each of the user’s practices', async () => {
    const a = await seedPractice(database);
    const b = await seedPractice(database);
    await commitIn(a);
    const headA = await commitIn(a);
    const headB = await commitIn(b);
    expect(headA).not.toBe(headB);
    const stream = openStream({ session: await sessionOf(a, b) });
    await stream.until(() => stream.pokes().length >= 2, 'the heads');
    expect(stream.events[0]?.raw).toBe('retry: 3000');
    expect(stream.pokes().map((event) => event.raw).sort()).toEqual([pokeText(a.id, headA), pokeText(b.id, headB)].sort());
    await stream.hangUp();
  });

  it('with Last-Event-ID naming a practice’s current head, skips that practice; an older one is sent', async () => {
    const a = await seedPractice(database);
    const b = await seedPractice(database);
    const headA = await commitIn(a);
    const headB = await commitIn(b);
    const user = await sessionOf(a, b);

    const current = openStream({ session: user, lastEventId: `${a.id}:${headA}` });
    await current.until(() => current.pokes().length >= 1, 'the first head');
    // The heads are enqueued together; a commit after them is the next event on the stream.
    const nextB = await commitIn(b);
    await current.until(() => current.pokes().some((event) => event.id === `${b.id}:${nextB}`), 'the poke of the new commit');
    expect(current.pokes().map((event) => event.raw)).toEqual([pokeText(b.id, headB), pokeText(b.id, nextB)]);
    await current.hangUp();

    const behind = openStream({ session: user, lastEventId: `${a.id}:${headA - 1}` });
    await behind.until(() => behind.pokes().length >= 2, 'both heads');
    expect(behind.pokes().map((event) => event.id).sort()).toEqual([`${a.id}:${headA}`, `${b.id}:${nextB}`].sort());
    await behind.hangUp();

    // A malformed Last-Event-ID is ignored: every head is sent.
    const garbled = openStream({ session: user, lastEventId: 'not-an-event-id' });
    await garbled.until(() => garbled.pokes().length >= 2, 'both heads');
    await garbled.hangUp();
  });

  it('a commit produces one poke in SSE format; a poke of another practice never arrives', async () => {
    const mine = await seedPractice(database);
    const foreign = await seedPractice(database);
    const stream = openStream({ session: await sessionOf(mine) });
    await stream.until(() => stream.pokes().length >= 1, 'the head');
    expect(stream.pokes()[0]?.raw).toBe(pokeText(mine.id, await headOf(mine)));

    // The foreign commit is first: its notification would reach the hub before the second one.
    await commitIn(foreign);
    const head = await commitIn(mine);
    await stream.until(() => stream.pokes().length >= 2, 'the poke of the commit');
    expect(stream.pokes()[1]?.raw).toBe(pokeText(mine.id, head));
    expect(JSON.parse(stream.pokes()[1]?.data ?? 'null')).toEqual({ practiceId: mine.id, version: head });
    expect(stream.events.filter((event) => event.raw.includes(foreign.id))).toEqual([]);
    await stream.hangUp();
  });

  it('re-checks the session at each heartbeat: a practice left is no longer poked, and no session ends the stream', async () => {
    const kept = await seedPractice(database);
    const left = await seedPractice(database);
    const user = await sessionOf(kept, left);
    // Only the heartbeat interval is faked: the database drivers use no intervals, and their
    // timeouts stay real.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const answers: (ApiSession | null)[] = [session(user.userId, [kept.id]), null];
    const stream = openStream({ session: user, recheckSession: () => Promise.resolve(answers.shift() ?? null) });
    await stream.until(() => stream.pokes().length >= 2, 'the heads');

    await vi.advanceTimersByTimeAsync(SYNC_HEARTBEAT_SECONDS * 1000);
    await stream.until(() => stream.events.some((event) => event.event === 'heartbeat'), 'a heartbeat');
    expect(stream.events.find((event) => event.event === 'heartbeat')?.raw).toBe('event: heartbeat\ndata: {}');

    // The membership in `left` ended: its commit (first) is not delivered, `kept`'s is.
    await commitIn(left);
    const head = await commitIn(kept);
    await stream.until(() => stream.pokes().length >= 3, 'the poke of the kept practice');
    expect(stream.pokes().slice(2).map((event) => event.raw)).toEqual([pokeText(kept.id, head)]);

    // Signed out (or idle, or removed from every practice): the next heartbeat ends the stream.
    await vi.advanceTimersByTimeAsync(SYNC_HEARTBEAT_SECONDS * 1000);
    await stream.toEnd();
    expect(stream.events.filter((event) => event.event === 'heartbeat')).toHaveLength(1);
  });

  it('ends after its maximum lifetime, so EventSource reconnects and re-authenticates', async () => {
    const practice = await seedPractice(database);
    const user = await sessionOf(practice);
    let rechecks = 0;
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
    const stream = openStream({
      session: user,
      recheckSession: () => {
        rechecks += 1;
        return Promise.resolve(user);
      },
    });
    await stream.until(() => stream.pokes().length >= 1, 'the head');
    await vi.advanceTimersByTimeAsync(SYNC_STREAM_MAX_SECONDS * 1000);
    await stream.toEnd();
    // The session stayed valid all along: it was the lifetime that ended the stream.
    expect(rechecks).toBeGreaterThanOrEqual(Math.floor(SYNC_STREAM_MAX_SECONDS / SYNC_HEARTBEAT_SECONDS) - 1);
    expect(stream.events.filter((event) => event.event === 'heartbeat').length).toBeGreaterThan(0);
  });

  it('ends when the client goes away (the request is aborted)', async () => {
    const practice = await seedPractice(database);
    const stream = openStream({ session: await sessionOf(practice) });
    await stream.until(() => stream.pokes().length >= 1, 'the head');
    stream.abort();
    await stream.toEnd();
    // Commits after the end reach nobody and break nothing.
    await commitIn(practice);
  });
});
