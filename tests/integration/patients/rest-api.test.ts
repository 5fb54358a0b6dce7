import { and, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TRole } from '@/lib/auth/permissions';
import { auditLog } from '@/lib/db/schema/audit';
import type { Practice } from '@/lib/db/schema/practices';
import { conflicts } from '@/lib/db/schema/sync';
import type { TPatientRecord } from '@/lib/domain/patients/serialize-patient';
import { Replicator } from '@/lib/sync/client/replicator';
import { openNodeSqliteStore } from '@/lib/sync/client/sqlite/node-sqlite';
import { seedStaff } from '../../factories/identity';
import { patientArgs } from '../../factories/patients';
import { seedPractice } from '../../factories/practices';
import {
  createAccessHarness,
  diffSnapshots,
  errorCodeOf,
  listApiRouteFiles,
  loadRoute,
  snapshotDatabase,
  type AccessHarness,
  type CallOptions,
  type LoadedRoute,
} from '../access/harness';
import { createInProcessTransport } from '../sync/in-process-transport';

/*
 * The patients REST API through its real route modules (as Next.js calls them) on a real database
 * (PGlite or PostgreSQL per TEST_DB_DRIVER), with real sessions: registration with server-allocated
 * MRNs, search and keyset pages, the audited single read, field-level updates with the same
 * three-way merge a device's push gets, archiving, refusals that change nothing, and a REST change
 * arriving on a real replica (encrypted wa-sqlite) through its pull.
 */

const ROUTES = {
  collection: '/api/v1/practices/[practiceId]/patients',
  patient: '/api/v1/practices/[practiceId]/patients/[patientId]',
  archive: '/api/v1/practices/[practiceId]/patients/[patientId]/archive',
} as const;

type Caller = { userId: string; memberships: { practiceId: string; role: TRole }[]; cookie: string };

let h: AccessHarness;
const routes = new Map<string, LoadedRoute>();

beforeAll(async () => {
  h = await createAccessHarness();
  const files = listApiRouteFiles().filter((file) => file.route.startsWith(ROUTES.collection));
  expect(files).toHaveLength(3);
  for (const loaded of await Promise.all(files.map(loadRoute))) {
    routes.set(loaded.route, loaded);
  }
});

afterAll(async () => {
  await h.dispose();
});

const staff = async (practice: Practice, role: TRole): Promise<Caller> => {
  const actor = await seedStaff(h.database, practice, role);
  return { ...actor, cookie: (await h.mintSession(actor.userId)).cookie };
};

const call = (route: keyof typeof ROUTES, caller: Caller | null, options: Omit<CallOptions, 'cookie'>) => {
  const loaded = routes.get(ROUTES[route]);
  if (!loaded) {
    throw new Error(`route ${ROUTES[route]} not loaded`);
  }
  return h.call(loaded, { ...options, cookie: caller?.cookie });
};

const api = (practiceId: string, caller: Caller | null) => ({
  create: (body: unknown) => call('collection', caller, { method: 'POST', params: { practiceId }, body }),
  list: (query: Record<string, string> = {}) => call('collection', caller, { method: 'GET', params: { practiceId }, query }),
  get: (patientId: string) => call('patient', caller, { method: 'GET', params: { practiceId, patientId } }),
  update: (patientId: string, body: unknown) => call('patient', caller, { method: 'PATCH', params: { practiceId, patientId }, body }),
  archive: (patientId: string, archived = true) =>
    call('archive', caller, { method: 'POST', params: { practiceId, patientId }, body: { archived } }),
});

const json = async <T>(response: Response, status: number): Promise<T> => {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as T;
};

/** A REST body: `patients.create` arguments without the practice (it comes from the URL). */
const body = (practiceId: string, overrides: Parameters<typeof patientArgs>[1] = {}) => {
  const { practiceId: _practiceId, ...rest } = patientArgs(practiceId, overrides);
  return rest;
};

const auditOf = (practiceId: string, action: string) =>
  h.database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.practiceId, practiceId), eq(auditLog.action, action)));

const fieldPaths = async (response: Response): Promise<string[]> => {
  const answer = (await response.json()) as { error: { fields?: { path: string }[] } };
  // Distinct paths: one field can fail several rules (a date that is neither well formed nor real).
  return [...new Set((answer.error.fields ?? []).map((field) => field.path))].sort();
};

describe('create', () => {
  it('registers a patient with the client id and a server-allocated MRN (201)', async () => {
    const practice = await seedPractice(h.database);
    const desk = await staff(practice, 'front_desk');
    const id = uuidv7();
    const created = await json<{ patient: TPatientRecord }>(
      await api(practice.id, desk).create({ ...body(practice.id), id, givenName: '  Amara ', phoneMobile: '(312) 555-0142', sexAtBirth: 'female' }),
      201,
    );
    expect(created.patient).toMatchObject({
      id,
      practiceId: practice.id,
      mrn: '000001',
      givenName: 'Amara',
      phoneMobile: '+13125550142',
      sexAtBirth: 'female',
      archivedAt: null,
      createdBy: desk.userId,
    });
    expect(created.patient).not.toHaveProperty('deletedAt');
    expect(created.patient.version).toBeGreaterThan(0);

    // Without an id the server makes one; the MRN is the practice's next number.
    const second = await json<{ patient: TPatientRecord }>(await api(practice.id, desk).create(body(practice.id)), 201);
    expect(second.patient.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    expect(second.patient.mrn).toBe('000002');

    // The executor audited the creation (the one write path), and a reused id is refused.
    expect((await auditOf(practice.id, 'patient.created')).map((entry) => entry.patientId).sort()).toEqual([id, second.patient.id].sort());
    const again = await api(practice.id, desk).create({ ...body(practice.id), id });
    expect(again.status).toBe(409);
    expect(await errorCodeOf(again)).toBe('CONFLICT');
  });

  it('answers 422 with field paths, and writes nothing', async () => {
    const practice = await seedPractice(h.database);
    const desk = await staff(practice, 'front_desk');
    const before = await snapshotDatabase(h.database, { practiceIds: [practice.id] });
    const response = await api(practice.id, desk).create({
      givenName: ' ',
      dateOfBirth: '2999-01-01',
      phoneMobile: 'call me',
      email: 'not-an-email',
      practiceId: practice.id,
    });
    expect(response.status).toBe(422);
    expect(await errorCodeOf(response)).toBe('VALIDATION_FAILED');
    expect(await fieldPaths(response)).toEqual(['dateOfBirth', 'email', 'familyName', 'givenName', 'phoneMobile', 'practiceId']);
    expect(diffSnapshots(before, await snapshotDatabase(h.database, { practiceIds: [practice.id] }))).toEqual({});
  });
});

describe('list and search', () => {
  let practice: Practice;
  let desk: Caller;
  const people: Record<string, TPatientRecord> = {};

  beforeAll(async () => {
    practice = await seedPractice(h.database);
    desk = await staff(practice, 'front_desk');
    const register = async (key: string, overrides: Parameters<typeof patientArgs>[1]) => {
      people[key] = (await json<{ patient: TPatientRecord }>(await api(practice.id, desk).create(body(practice.id, overrides)), 201)).patient;
    };
    // Registered out of name order: the list sorts by family, then given name.
    await register('wei', { givenName: 'Wei', familyName: 'Zhang', dateOfBirth: '1990-02-14', phoneMobile: '+13125550101' });
    await register('amara', { givenName: 'Amara', familyName: 'Okafor', dateOfBirth: '1984-07-04', phoneMobile: '+13125550102' });
    await register('luis', { givenName: 'Luis', familyName: 'Garcia', middleName: 'Alberto', dateOfBirth: '1975-11-30', phoneMobile: '+13125550103' });
    await register('ana', { givenName: 'Ana', familyName: 'garcia', preferredName: 'Nita', dateOfBirth: '2015-05-05', phoneMobile: null, phoneHome: '+17085550104' });
    await register('percent', { givenName: 'Ola', familyName: '100%_Real', dateOfBirth: '1960-01-01', phoneMobile: null });
    await register('gone', { givenName: 'Gary', familyName: 'Gone', dateOfBirth: '1950-03-03', phoneMobile: null });
    await json(await api(practice.id, desk).archive(people.gone?.id ?? ''), 200);
  });

  const ids = async (query: Record<string, string>) =>
    (await json<{ patients: TPatientRecord[] }>(await api(practice.id, desk).list(query), 200)).patients.map((p) => p.id);
  const idOf = (key: string) => people[key]?.id ?? '';

  it('lists the practice’s patients by name, without archived ones', async () => {
    expect(await ids({})).toEqual(['percent', 'ana', 'luis', 'amara', 'wei'].map(idOf));
    expect(await ids({ archived: 'only' })).toEqual([idOf('gone')]);
    expect(await ids({ archived: 'include' })).toHaveLength(6);
  });

  it('searches by name prefix (any name, any case, every token), birth date, MRN and phone', async () => {
    expect(await ids({ q: 'GARC' })).toEqual(['ana', 'luis'].map(idOf));
    expect(await ids({ q: 'garcia lu' })).toEqual([idOf('luis')]);
    expect(await ids({ q: 'alb' })).toEqual([idOf('luis')]); // middle name
    expect(await ids({ q: 'nita' })).toEqual([idOf('ana')]); // preferred name
    expect(await ids({ q: 'arcia' })).toEqual([]); // a prefix, not a substring
    expect(await ids({ q: '100%_' })).toEqual([idOf('percent')]); // wildcards are literal
    expect(await ids({ q: '100%' })).toEqual([idOf('percent')]);
    expect(await ids({ q: '%' })).toEqual([]);
    expect(await ids({ q: '1984-07-04' })).toEqual([idOf('amara')]);
    expect(await ids({ q: '7/4/1984' })).toEqual([idOf('amara')]);
    expect(await ids({ q: people.amara?.mrn ?? '' })).toEqual([idOf('amara')]);
    expect(await ids({ q: String(Number(people.luis?.mrn)) })).toEqual([idOf('luis')]); // without leading zeros
    expect(await ids({ q: '(312) 555-0101' })).toEqual([idOf('wei')]);
    expect(await ids({ q: '+1 708 555 0104' })).toEqual([idOf('ana')]); // home phone
    expect(await ids({ q: 'Gone' })).toEqual([]);
    expect(await ids({ q: 'Gone', archived: 'include' })).toEqual([idOf('gone')]);
  });

  it('pages with an id cursor until the end', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const answer: { patients: TPatientRecord[]; nextCursor: string | null } = await json(
        await api(practice.id, desk).list({ limit: '2', ...(cursor === null ? {} : { cursor }) }),
        200,
      );
      expect(answer.patients.length).toBeLessThanOrEqual(2);
      seen.push(...answer.patients.map((p) => p.id));
      cursor = answer.nextCursor;
      if (cursor === null) {
        break;
      }
      expect(cursor).toBe(answer.patients.at(-1)?.id);
    }
    expect(seen).toEqual(['percent', 'ana', 'luis', 'amara', 'wei'].map(idOf));
  });

  it('refuses bad query parameters with their paths (422)', async () => {
    const response = await api(practice.id, desk).list({ limit: '0', archived: 'maybe', name: 'x' });
    expect(response.status).toBe(422);
    expect(await fieldPaths(response)).toEqual(['archived', 'limit', 'name']);
    // A cursor that names no patient of this practice (here: a patient of another practice).
    const other = await seedPractice(h.database);
    const otherDesk = await staff(other, 'front_desk');
    const foreign = (await json<{ patient: TPatientRecord }>(await api(other.id, otherDesk).create(body(other.id)), 201)).patient;
    const badCursor = await api(practice.id, desk).list({ cursor: foreign.id });
    expect(badCursor.status).toBe(422);
    expect(await fieldPaths(badCursor)).toEqual(['cursor']);
  });

  it('audits each page as patient.listed: the kind of search, never its text or the patients’ ids', async () => {
    const before = (await auditOf(practice.id, 'patient.listed')).length;
    await ids({ q: 'Okafor' });
    const entries = await auditOf(practice.id, 'patient.listed');
    expect(entries).toHaveLength(before + 1);
    const entry = entries.sort((a, b) => a.seq - b.seq).at(-1);
    expect(entry).toMatchObject({ actorUserId: desk.userId, patientId: null, targetId: null });
    expect(entry?.metadata).toEqual({ via: 'api', search: 'name', archived: 'exclude', page: 'first', returned: 1 });
    expect(JSON.stringify(entry)).not.toMatch(/okafor/i);
  });
});

describe('get', () => {
  it('answers one patient and audits the read as patient.viewed with its id', async () => {
    const practice = await seedPractice(h.database);
    const desk = await staff(practice, 'front_desk');
    const billing = await staff(practice, 'billing');
    const created = (await json<{ patient: TPatientRecord }>(await api(practice.id, desk).create(body(practice.id)), 201)).patient;
    const read = await json<{ patient: TPatientRecord }>(await api(practice.id, billing).get(created.id), 200);
    expect(read.patient).toEqual(created);
    const viewed = await auditOf(practice.id, 'patient.viewed');
    expect(viewed).toHaveLength(1);
    expect(viewed[0]).toMatchObject({ actorUserId: billing.userId, patientId: created.id, targetType: 'patient', targetId: created.id });

    // An id that names nothing: 404, and no audit entry for it.
    const missing = await api(practice.id, billing).get(uuidv7());
    expect(missing.status).toBe(404);
    expect(await auditOf(practice.id, 'patient.viewed')).toHaveLength(1);
  });
});

describe('update', () => {
  it('applies a field-level change (200) and merges concurrent edits of different fields', async () => {
    const practice = await seedPractice(h.database);
    const nurse = await staff(practice, 'nurse');
    const desk = await staff(practice, 'front_desk');
    const created = (
      await json<{ patient: TPatientRecord }>(await api(practice.id, desk).create(body(practice.id, { city: null, email: null })), 201)
    ).patient;
    // Both saw the same patient; each changes a different field.
    const first = await json<{ patient: TPatientRecord }>(
      await api(practice.id, nurse).update(created.id, { changes: { city: 'Evanston' }, base: { city: null } }),
      200,
    );
    expect(first.patient).toMatchObject({ city: 'Evanston', updatedBy: nurse.userId });
    expect(first.patient.version).toBeGreaterThan(created.version);
    const second = await json<{ patient: TPatientRecord }>(
      await api(practice.id, desk).update(created.id, { changes: { email: 'Amara@Example.TEST' }, base: { email: null } }),
      200,
    );
    expect(second.patient).toMatchObject({ city: 'Evanston', email: 'amara@example.test' });
    const updates = (await auditOf(practice.id, 'patient.updated')).sort((a, b) => a.seq - b.seq);
    expect(updates.map((entry) => [entry.actorUserId, entry.metadata.fields])).toEqual([
      [nurse.userId, ['city']],
      [desk.userId, ['email']],
    ]);
  });

  it('answers 409 with the conflict id when the same field was changed from the same base, keeping the server’s value', async () => {
    const practice = await seedPractice(h.database);
    const nurse = await staff(practice, 'nurse');
    const desk = await staff(practice, 'front_desk');
    const created = (
      await json<{ patient: TPatientRecord }>(await api(practice.id, desk).create(body(practice.id, { city: 'Chicago', region: null })), 201)
    ).patient;
    await json(await api(practice.id, nurse).update(created.id, { changes: { city: 'Evanston' }, base: { city: 'Chicago' } }), 200);

    // The front desk still saw Chicago: its city collides, its region merges.
    const response = await api(practice.id, desk).update(created.id, {
      changes: { city: 'Skokie', region: 'IL' },
      base: { city: 'Chicago', region: null },
    });
    const answer = await json<{ error: { code: string }; conflict: { id: string; reason: string }; patient: TPatientRecord }>(response, 409);
    expect(answer.error.code).toBe('CONFLICT');
    expect(answer.conflict.reason).toBe('field_collision');
    expect(answer.patient).toMatchObject({ city: 'Evanston', region: 'IL' });
    const [record] = await h.database.db.select().from(conflicts).where(eq(conflicts.id, answer.conflict.id));
    expect(record).toMatchObject({
      practiceId: practice.id,
      entityId: created.id,
      status: 'open',
      clientId: null,
      authorUserId: desk.userId,
      mine: { city: 'Skokie' },
      theirs: { city: 'Evanston' },
      base: { city: 'Chicago' },
    });
  });

  it('answers 422 with field paths for bad changes, and writes nothing', async () => {
    const practice = await seedPractice(h.database);
    const desk = await staff(practice, 'front_desk');
    const created = (await json<{ patient: TPatientRecord }>(await api(practice.id, desk).create(body(practice.id)), 201)).patient;
    const before = await snapshotDatabase(h.database, { practiceIds: [practice.id] });
    const cases: [unknown, string[]][] = [
      [{ changes: { email: 'nope', dateOfBirth: 'yesterday' }, base: { email: null, dateOfBirth: created.dateOfBirth } }, ['changes.dateOfBirth', 'changes.email']],
      [{ changes: { mrn: '1' }, base: {} }, ['changes.mrn']],
      [{ changes: {}, base: {} }, ['changes']],
      [{ changes: { city: 'Evanston' }, base: {} }, ['base']],
      [{ changes: { city: 'Evanston' } }, ['base']],
    ];
    for (const [input, paths] of cases) {
      const response = await api(practice.id, desk).update(created.id, input);
      expect(response.status, JSON.stringify(input)).toBe(422);
      expect(await fieldPaths(response), JSON.stringify(input)).toEqual(paths);
    }
    expect(diffSnapshots(before, await snapshotDatabase(h.database, { practiceIds: [practice.id] }))).toEqual({});
  });
});

describe('archive', () => {
  it('archives and restores; archiving twice changes nothing the second time', async () => {
    const practice = await seedPractice(h.database);
    const desk = await staff(practice, 'front_desk');
    const created = (await json<{ patient: TPatientRecord }>(await api(practice.id, desk).create(body(practice.id)), 201)).patient;
    const archived = await json<{ patient: TPatientRecord }>(await api(practice.id, desk).archive(created.id), 200);
    expect(archived.patient.archivedAt).not.toBeNull();
    const again = await json<{ patient: TPatientRecord }>(await api(practice.id, desk).archive(created.id), 200);
    expect(again.patient.archivedAt).toBe(archived.patient.archivedAt);
    expect(await auditOf(practice.id, 'patient.archived')).toHaveLength(1);
    // An archived patient is still readable by id (a chart is never lost), and an edit of it is a conflict.
    expect((await json<{ patient: TPatientRecord }>(await api(practice.id, desk).get(created.id), 200)).patient.id).toBe(created.id);
    const edit = await json<{ conflict: { reason: string } }>(
      await api(practice.id, desk).update(created.id, { changes: { city: 'Evanston' }, base: { city: created.city } }),
      409,
    );
    expect(edit.conflict.reason).toBe('edit_after_delete');
    const restored = await json<{ patient: TPatientRecord }>(await api(practice.id, desk).archive(created.id, false), 200);
    expect(restored.patient.archivedAt).toBeNull();
    expect(await auditOf(practice.id, 'patient.restored')).toHaveLength(1);
  });
});

describe('refusals change nothing', () => {
  it('a role without the permission: 403; another practice: 404; anonymous: 401', async () => {
    const practice = await seedPractice(h.database);
    const other = await seedPractice(h.database);
    const desk = await staff(practice, 'front_desk');
    const billing = await staff(practice, 'billing');
    const auditor = await staff(practice, 'auditor');
    const ownerOfOther = await staff(other, 'owner');
    const ownerHere = await staff(practice, 'owner');
    const mine = (await json<{ patient: TPatientRecord }>(await api(practice.id, desk).create(body(practice.id)), 201)).patient;
    const theirs = (await json<{ patient: TPatientRecord }>(await api(other.id, ownerOfOther).create(body(other.id)), 201)).patient;
    const change = { changes: { city: 'Evanston' }, base: { city: mine.city } };

    const refusals: [string, () => Promise<Response>, number][] = [
      ['billing creates', () => api(practice.id, billing).create(body(practice.id)), 403],
      ['billing updates', () => api(practice.id, billing).update(mine.id, change), 403],
      ['billing archives', () => api(practice.id, billing).archive(mine.id), 403],
      ['auditor lists', () => api(practice.id, auditor).list(), 403],
      ['auditor reads', () => api(practice.id, auditor).get(mine.id), 403],
      ['another practice’s owner lists', () => api(practice.id, ownerOfOther).list(), 404],
      ['another practice’s owner reads', () => api(practice.id, ownerOfOther).get(mine.id), 404],
      ['another practice’s owner creates', () => api(practice.id, ownerOfOther).create(body(practice.id)), 404],
      ['another practice’s owner updates', () => api(practice.id, ownerOfOther).update(mine.id, change), 404],
      ['another practice’s owner archives', () => api(practice.id, ownerOfOther).archive(mine.id), 404],
      ['owner reads another practice’s patient under this practice', () => api(practice.id, ownerHere).get(theirs.id), 404],
      [
        'owner updates another practice’s patient under this practice',
        () => api(practice.id, ownerHere).update(theirs.id, { changes: { city: 'Evanston' }, base: { city: theirs.city } }),
        404,
      ],
      ['owner archives another practice’s patient under this practice', () => api(practice.id, ownerHere).archive(theirs.id), 404],
      ['owner reuses another practice’s patient id', () => api(practice.id, ownerHere).create({ ...body(practice.id), id: theirs.id }), 409],
      ['anonymous lists', () => api(practice.id, null).list(), 401],
    ];
    for (const [label, attempt, status] of refusals) {
      const before = await snapshotDatabase(h.database);
      const response = await attempt();
      expect(response.status, label).toBe(status);
      expect(diffSnapshots(before, await snapshotDatabase(h.database)), `${label}: rows changed`).toEqual({});
    }
  });
});

describe('REST and sync share one write path', () => {
  it('a change made over REST reaches a replica’s pull', async () => {
    const practice = await seedPractice(h.database);
    const desk = await staff(practice, 'front_desk');
    const nurse = await seedStaff(h.database, practice, 'nurse');
    const store = await openNodeSqliteStore({ key: 'b'.repeat(64) });
    const replicator = await Replicator.open({
      store,
      transport: createInProcessTransport(h.database, () => nurse),
      userId: nurse.userId,
      setTimer: () => null,
      clearTimer: () => undefined,
      autoSync: false,
    });
    try {
      const created = (await json<{ patient: TPatientRecord }>(await api(practice.id, desk).create(body(practice.id, { city: null })), 201))
        .patient;
      await replicator.sync();
      const local = () => store.transaction((tx) => tx.getRow('patients', created.id));
      expect(await local()).toMatchObject({ id: created.id, mrn: created.mrn, city: null });

      await json(await api(practice.id, desk).update(created.id, { changes: { city: 'Evanston' }, base: { city: null } }), 200);
      await replicator.sync();
      expect(await local()).toMatchObject({ city: 'Evanston' });

      await json(await api(practice.id, desk).archive(created.id), 200);
      await replicator.sync();
      expect((await local())?.archivedAt).not.toBeNull();
    } finally {
      replicator.stop();
      await store.close();
    }
  });
});
