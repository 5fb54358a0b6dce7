import { uuidv7 } from 'uuidv7';
import type { TRole } from '@/lib/auth/permissions';
import type { Database } from '@/lib/db/client';
import type { Practice } from '@/lib/db/schema/practices';
import { Replicator } from '@/lib/sync/client/replicator';
import { openNodeSqliteStore } from '@/lib/sync/client/sqlite/node-sqlite';
import { isTransient, SyncTransportError, type SyncTransport } from '@/lib/sync/client/transport';
import type { LocalRow } from '@/lib/sync/client/local-writer';
import { SYNCED_TABLES } from '@/lib/sync/protocol/tables';
import type { SyncActor } from '@/lib/sync/server/push';
import { readableTables } from '@/lib/sync/server/scope';
import { seedMember, seedUser } from '../../../factories/identity';
import { seedPractice } from '../../../factories/practices';
import { describeCommand, EDITED_FIELDS, type RESOLUTIONS, USER_KINDS, type Command, type Scenario, type UserKind } from './commands';
import { createModelTransport, serverPush, type Wire, type WireLog } from './fault-transport';

/*
 * One run of the model: fresh practices A and B (so runs share the database but never data), users
 * for the scenario's replicas, and one real replica per entry — the real Replicator on a real
 * encrypted wa-sqlite database (openNodeSqliteStore), with no timers and no sync on change, so the
 * commands alone decide what happens and in which order.
 */

const KEY = 'b'.repeat(64);

type Store = Awaited<ReturnType<typeof openNodeSqliteStore>>;

/** A mutation as the model made it on a device (the device's id for it is the key of `made`). */
export type MadeMutation = { name: string; args: Record<string, unknown> };

export type ModelReplica = {
  index: number;
  kind: UserKind;
  actor: SyncActor;
  store: Store;
  wire: Wire;
  transport: SyncTransport;
  replicator: Replicator;
  /** Highest cursor seen per practice: a cursor must never go back below it. */
  highestCursor: Map<string, number>;
  /** Every mutation made on this device, by its mutation id. */
  made: Map<number, MadeMutation>;
  /** Errors from syncs (transient failures are expected under faults). */
  failures: number;
};

export type World = {
  database: Database;
  practices: { A: Practice; B: Practice };
  replicas: ModelReplica[];
  log: WireLog;
  /** What happened, one line per command, for the failure message. */
  trace: string[];
};

const practiceIdsOf = (actor: SyncActor) => new Set(actor.memberships.map((m) => m.practiceId));

const openReplicator = (replica: Pick<ModelReplica, 'store' | 'transport' | 'actor'>) =>
  Replicator.open({
    store: replica.store,
    transport: replica.transport,
    userId: replica.actor.userId,
    // No timers: a failed sync schedules nothing; the model decides when to sync again.
    setTimer: () => null,
    clearTimer: () => undefined,
    autoSync: false,
  });

export const openWorld = async (database: Database, scenario: Scenario): Promise<World> => {
  const practices = { A: await seedPractice(database), B: await seedPractice(database) };
  const log: WireLog = { committed: [], scopeViolations: [], held: [] };
  const actors = new Map<UserKind, SyncActor>();
  const replicas: ModelReplica[] = [];
  for (const [index, kind] of scenario.replicas.entries()) {
    let actor = actors.get(kind);
    if (!actor) {
      const user = await seedUser(database);
      const memberships: { practiceId: string; role: TRole }[] = [];
      for (const [practice, role] of USER_KINDS[kind]) {
        memberships.push(...(await seedMember(database, { practice: practices[practice], user, role })).memberships);
      }
      actor = { userId: user.id, memberships };
      actors.set(kind, actor);
    }
    const store = await openNodeSqliteStore({ key: KEY });
    const wire: Wire = { online: true, armed: [] };
    const transport = createModelTransport({ database, actor, wire, log });
    const replicator = await openReplicator({ store, transport, actor });
    replicas.push({ index, kind, actor, store, wire, transport, replicator, highestCursor: new Map(), made: new Map(), failures: 0 });
  }
  const world: World = { database, practices, replicas, log, trace: [] };
  const first = replicas[0];
  if (first && scenario.patients > 0) {
    for (let n = 0; n < scenario.patients; n += 1) {
      await runCommand(world, { kind: 'create', r: 0, practice: 0, name: n });
    }
    for (const replica of replicas) {
      await replica.replicator.sync();
    }
    world.trace.push(`setup: r0 created ${scenario.patients} patient(s), every replica synced`);
  }
  return world;
};

export const closeWorld = async (world: World) => {
  for (const replica of world.replicas) {
    replica.replicator.stop();
    await replica.store.close();
    // MemoryVFS keeps a closed file's bytes by name; a soak run opens thousands of replicas.
    (replica.store.vfs as unknown as { mapNameToFile: Map<string, unknown> }).mapNameToFile.clear();
  }
};

/** Local rows of a synced table (the device's view), in id order. */
export const localRows = async (replica: ModelReplica, table: (typeof SYNCED_TABLES)[number]): Promise<LocalRow[]> =>
  (await replica.store.connection.all<{ data: string }>(`select data from ${table} order by id`)).map((row) => JSON.parse(row.data) as LocalRow);

const lastMutationId = (replica: ModelReplica) =>
  replica.store.transaction(async (tx) => Number((await tx.getMeta('last_mutation_id')) ?? '0'));

/** mutate(), remembering what was made under which id. */
const mutate = async (replica: ModelReplica, name: string, args: Record<string, unknown>) => {
  const id = await replica.replicator.mutate(name, args);
  replica.made.set(id, { name, args });
  return id;
};

/** A sync that may fail only the way a flaky network makes it fail. */
const syncOnce = async (replica: ModelReplica, replicator = replica.replicator): Promise<boolean> => {
  try {
    await replicator.sync();
    return true;
  } catch (error) {
    if (error instanceof SyncTransportError && isTransient(error.kind)) {
      replica.failures += 1;
      return false;
    }
    throw error;
  }
};

const pick = <T>(items: readonly T[], index: number): T | undefined => (items.length === 0 ? undefined : items[index % items.length]);

export const runCommand = async (world: World, command: Command): Promise<string> => {
  if (command.kind === 'syncAll') {
    const outcomes: string[] = [];
    for (const replica of world.replicas) {
      outcomes.push((await syncOnce(replica)) ? 'ok' : 'failed');
    }
    return outcomes.join(' ');
  }
  if (command.kind === 'deliverLate') {
    const held = world.log.held.shift();
    if (!held) {
      return 'nothing held';
    }
    const answer = await serverPush(world.database, held.actor, held.request, world.log);
    return `delivered ${held.request.mutations.length} mutation(s) late: ${answer.results.map((r) => `${r.id}:${r.status}`).join(' ')}`;
  }
  const replica = world.replicas[command.r % world.replicas.length];
  if (!replica) {
    throw new Error('no replicas');
  }
  const practices = replica.actor.memberships.map((m) => m.practiceId);
  switch (command.kind) {
    case 'create': {
      const practiceId = pick(practices, command.practice) ?? '';
      const id = await mutate(replica, 'patients.create', {
        id: uuidv7(),
        practiceId,
        givenName: pick(EDITED_FIELDS.givenName, command.name) ?? 'Ana',
        familyName: `Model-${command.name}`,
        dateOfBirth: `19${50 + (command.name % 50)}-0${1 + (command.name % 9)}-1${command.name % 10}`,
      });
      return `mutation ${id}`;
    }
    case 'createForeign': {
      const own = practiceIdsOf(replica.actor);
      const foreign = [world.practices.A.id, world.practices.B.id].find((id) => !own.has(id));
      if (!foreign) {
        return 'member of both practices: skipped';
      }
      const id = await mutate(replica, 'patients.create', { id: uuidv7(), practiceId: foreign, givenName: 'Eve', familyName: 'Forged', dateOfBirth: '1990-01-01' });
      return `mutation ${id}`;
    }
    case 'update': {
      const patient = pick(await localRows(replica, 'patients'), command.patient);
      if (!patient) {
        return 'no patient: skipped';
      }
      const changes: Record<string, string | null> = {};
      const base: Record<string, string | null> = {};
      for (const field of command.fields) {
        changes[field] = pick<string | null>(EDITED_FIELDS[field], command.value) ?? null;
        // The base is what the person saw: the device's current value.
        base[field] = (patient[field] as string | null | undefined) ?? null;
      }
      const id = await mutate(replica, 'patients.update', { practiceId: patient.practiceId, patientId: patient.id, changes, base });
      return `mutation ${id} on ${patient.id}`;
    }
    case 'archive': {
      const patient = pick(await localRows(replica, 'patients'), command.patient);
      if (!patient) {
        return 'no patient: skipped';
      }
      const id = await mutate(replica, 'patients.archive', { practiceId: patient.practiceId, patientId: patient.id, archived: command.archived });
      return `mutation ${id} on ${patient.id}`;
    }
    case 'resolve': {
      const conflict = pick(
        (await localRows(replica, 'conflicts')).filter((row) => row.status === 'open'),
        command.conflict,
      );
      if (!conflict) {
        return 'no open conflict: skipped';
      }
      const mine = (conflict.mine ?? {}) as Record<string, unknown>;
      const values = Object.fromEntries(Object.entries(mine).filter(([, value]) => typeof value === 'string' || value === null));
      const id = await mutate(replica, 'conflicts.resolve', {
        practiceId: conflict.practiceId,
        conflictId: conflict.id,
        resolution: command.resolution,
        ...(command.resolution === 'merged' ? { values } : {}),
      });
      return `mutation ${id} on conflict ${String(conflict.reason)}`;
    }
    case 'sync':
      return (await syncOnce(replica)) ? 'synced' : 'failed (transient)';
    case 'fault':
      replica.wire.armed.push(command.fault);
      return 'armed';
    case 'network':
      replica.wire.online = command.online;
      return command.online ? 'online' : 'offline';
    case 'race': {
      const tab = await openReplicator(replica);
      const outcomes = await Promise.all([syncOnce(replica), syncOnce(replica, tab)]);
      tab.stop();
      return `tabs: ${outcomes.map((ok) => (ok ? 'synced' : 'failed')).join(', ')}`;
    }
    case 'kill': {
      const before = { clientId: replica.replicator.clientId, pending: replica.replicator.getStatus().pending, last: await lastMutationId(replica) };
      replica.replicator.stop();
      replica.replicator = await openReplicator(replica);
      const after = { clientId: replica.replicator.clientId, pending: replica.replicator.getStatus().pending, last: await lastMutationId(replica) };
      if (JSON.stringify(before) !== JSON.stringify(after)) {
        throw new Error(`state lost across a restart: ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
      }
      return `restarted with ${after.pending} pending`;
    }
  }
};

/**
 * Checked after every step (DESIGN §5 invariant 6 and "cursors never go backwards"): a device holds
 * only rows of its user's practices and of tables its role may read there — except its own
 * optimistic creations not yet answered (a row whose confirmed state, its shadow, is "absent") — and
 * no cursor moved back.
 */
export const checkStep = async (world: World): Promise<void> => {
  if (world.log.scopeViolations.length > 0) {
    throw new Error(`a pull sent rows out of scope: ${world.log.scopeViolations.join('; ')}`);
  }
  for (const replica of world.replicas) {
    const roles = new Map(replica.actor.memberships.map((m) => [m.practiceId, m.role]));
    const { shadows, cursors } = await replica.store.transaction(async (tx) => ({ shadows: await tx.listShadows(), cursors: await tx.getCursors() }));
    const shadowOf = new Map(shadows.map((shadow) => [`${shadow.table}:${shadow.id}`, shadow.row]));
    for (const table of SYNCED_TABLES) {
      for (const row of await localRows(replica, table)) {
        const key = `${table}:${row.id}`;
        const confirmed = shadowOf.has(key) ? shadowOf.get(key) : row;
        if (!confirmed) {
          continue; // this device's own pending creation
        }
        const role = roles.get(String(confirmed.practiceId));
        if (role === undefined || !readableTables(role).includes(table)) {
          throw new Error(`replica r${replica.index} (${replica.kind}) holds a ${table} row it may not read`);
        }
      }
    }
    for (const [practiceId, version] of Object.entries(cursors)) {
      if (!roles.has(practiceId)) {
        throw new Error(`replica r${replica.index} (${replica.kind}) has a cursor for a practice it is not in`);
      }
      const highest = replica.highestCursor.get(practiceId) ?? 0;
      if (version < highest) {
        throw new Error(`replica r${replica.index} (${replica.kind}): cursor went back from ${highest} to ${version}`);
      }
      replica.highestCursor.set(practiceId, version);
    }
  }
};

/** Runs the scenario's commands, checking after each; a failure names the step and the trace so far. */
export const runScenario = async (world: World, commands: readonly Command[]): Promise<void> => {
  for (const [step, command] of commands.entries()) {
    const line = `${step}: ${describeCommand(command)}`;
    try {
      world.trace.push(`${line} → ${await runCommand(world, command)}`);
      await checkStep(world);
    } catch (error) {
      throw new Error(`${line} failed: ${error instanceof Error ? error.message : String(error)}\ntrace:\n${world.trace.join('\n')}`, {
        cause: error,
      });
    }
  }
};

/**
 * Quiescence: every held push delivered, every device online with no fault armed, then rounds of
 * sync on every replica until a whole round changes nothing on the server and no outbox has work.
 */
export const quiesce = async (world: World): Promise<void> => {
  while (world.log.held.length > 0) {
    world.trace.push(`quiesce: ${await runCommand(world, { kind: 'deliverLate' })}`);
  }
  for (const replica of world.replicas) {
    replica.wire.online = true;
    replica.wire.armed = [];
  }
  let previous = '';
  for (let round = 0; round < 10; round += 1) {
    for (const replica of world.replicas) {
      if (!(await syncOnce(replica))) {
        throw new Error(`r${replica.index} could not sync on a perfect network`);
      }
      await checkStep(world);
    }
    const pending = await Promise.all(world.replicas.map((replica) => replica.store.transaction((tx) => tx.countOutbox())));
    const now = JSON.stringify([world.log.committed.length, pending]);
    if (pending.every((n) => n === 0) && now === previous) {
      world.trace.push(`quiesce: stable after ${round + 1} round(s)`);
      return;
    }
    previous = now;
  }
  throw new Error(`no quiescence after 10 rounds\ntrace:\n${world.trace.join('\n')}`);
};

/**
 * Every replica resolves every open conflict it holds, before any of them syncs: the same conflict is
 * often resolved by several devices at once (the first wins; the others' resolutions are answered
 * `applied` and reach them as the winner's choice). Returns how many resolutions were made.
 */
export const resolveEverything = async (world: World, resolutions: readonly (typeof RESOLUTIONS)[number][]): Promise<number> => {
  let made = 0;
  for (const replica of world.replicas) {
    const open = (await localRows(replica, 'conflicts')).filter((row) => row.status === 'open');
    for (const [k] of open.entries()) {
      const resolution = resolutions[(replica.index + k) % resolutions.length] ?? 'keep_theirs';
      world.trace.push(`resolve phase: r${replica.index} → ${await runCommand(world, { kind: 'resolve', r: replica.index, conflict: 0, resolution })}`);
      made += 1;
    }
  }
  await checkStep(world);
  return made;
};
