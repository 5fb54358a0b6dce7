import { eq, inArray } from 'drizzle-orm';
import { expect } from 'vitest';
import { auditLog } from '@/lib/db/schema/audit';
import { patients } from '@/lib/db/schema/patients';
import { practices } from '@/lib/db/schema/practices';
import { conflicts, syncClients, syncMutationOutcomes } from '@/lib/db/schema/sync';
import { formatMrn } from '@/lib/domain/patients/schemas';
import type { TMutationResult } from '@/lib/sync/protocol/push';
import { readableTables } from '@/lib/sync/server/scope';
import { serializeRow } from '@/lib/sync/server/serialize-row';
import { localRows, type World } from './world';

/*
 * What must hold once the system is quiet (issue #5 §6), read from the server's tables directly (as
 * the owner, outside any actor scope: the test is the auditor here) and from each replica's SQLite.
 */

const wire = (row: Record<string, unknown>) => JSON.parse(JSON.stringify(serializeRow(row))) as Record<string, unknown>;
const byId = (rows: readonly Record<string, unknown>[]) => new Map(rows.map((row) => [String(row.id), row]));

export const checkQuiescent = async (world: World): Promise<void> => {
  const db = world.database.db;
  const practiceIds = [world.practices.A.id, world.practices.B.id];
  const serverPatients = (await db.select().from(patients).where(inArray(patients.practiceId, practiceIds))).map(wire);
  const serverConflicts = (await db.select().from(conflicts).where(inArray(conflicts.practiceId, practiceIds))).map(wire);
  const heads = new Map(
    (await db.select({ id: practices.id, changeSeq: practices.changeSeq }).from(practices).where(inArray(practices.id, practiceIds))).map((row) => [
      row.id,
      row.changeSeq,
    ]),
  );
  const audits = await db
    .select({ action: auditLog.action, targetId: auditLog.targetId, metadata: auditLog.metadata })
    .from(auditLog)
    .where(inArray(auditLog.practiceId, practiceIds));

  // Replicas of one store share a client id; each distinct client is checked once.
  const clients = new Map(world.replicas.map((replica) => [replica.replicator.clientId, replica]));

  // 1. Nothing silent: every mutation a device made was processed exactly once, in order, and
  //    its outcome is where a person can see it.
  const createsApplied = new Map<string, string>(); // patient id → practice id
  for (const [clientId, replica] of clients) {
    const local = await replica.store.transaction(async (tx) => ({
      last: Number((await tx.getMeta('last_mutation_id')) ?? '0'),
      outbox: await tx.countOutbox(),
      shadows: (await tx.listShadows()).length,
      rejected: (await tx.listRejected()).map((entry) => entry.id),
    }));
    expect(local.outbox, `r${replica.index}: outbox empty`).toBe(0);
    expect(local.shadows, `r${replica.index}: no shadows left`).toBe(0);
    expect(local.last, `r${replica.index}: the model saw every mutation`).toBe(replica.made.size);
    const [server] = await db.select().from(syncClients).where(eq(syncClients.id, clientId));
    expect(server?.lastMutationId ?? 0, `r${replica.index}: the server processed every mutation`).toBe(local.last);
    const outcomes = await db.select().from(syncMutationOutcomes).where(eq(syncMutationOutcomes.clientId, clientId));
    expect(
      outcomes.map((row) => row.mutationId).sort((a, b) => a - b),
      `r${replica.index}: one outcome per mutation`,
    ).toEqual(Array.from({ length: local.last }, (_, index) => index + 1));
    const results = new Map(outcomes.map((row) => [row.mutationId, row.result as TMutationResult | null]));
    const refused = [...results].filter(([, result]) => result?.status === 'rejected').map(([id]) => id);
    expect(local.rejected, `r${replica.index}: refused mutations are kept on the device`).toEqual(refused.sort((a, b) => a - b));

    const memberOf = new Set(replica.actor.memberships.map((m) => m.practiceId));
    for (const [id, made] of replica.made) {
      const result = results.get(id) ?? null;
      const practiceId = String(made.args.practiceId);
      const recorded = serverConflicts.filter((c) => c.clientId === clientId && c.mutationId === id);
      if (result?.status === 'conflict') {
        expect(recorded.map((c) => c.id), `r${replica.index} mutation ${id}: its conflict is recorded`).toEqual([result.conflictId]);
      } else if (result?.status === 'rejected') {
        // A refusal is recorded in the practice for everyone there, unless the user is not a member.
        expect(recorded.map((c) => c.reason), `r${replica.index} mutation ${id}: refusal recorded`).toEqual(memberOf.has(practiceId) ? ['rejected'] : []);
      } else {
        expect(recorded, `r${replica.index} mutation ${id}: applied without a conflict`).toEqual([]);
      }
      if (made.name === 'patients.create') {
        const patientId = String(made.args.id);
        if (result === null) {
          createsApplied.set(patientId, practiceId);
        }
      }
    }
  }

  // 2. Exactly once: every applied creation is one patient with one `patient.created` entry; no
  //    other patient exists; MRNs are the practice's numbers 1..n without a gap or a repeat (a
  //    repeated or rolled-back create would leave one).
  expect(new Set(serverPatients.map((row) => String(row.id))), 'patients on the server = creations applied').toEqual(new Set(createsApplied.keys()));
  for (const row of serverPatients) {
    expect(row.practiceId, 'a patient lands in the practice its creation named').toBe(createsApplied.get(String(row.id)));
  }
  for (const practiceId of practiceIds) {
    const mrns = serverPatients.filter((row) => row.practiceId === practiceId).map((row) => String(row.mrn));
    expect(mrns.sort(), 'MRNs without gaps or repeats').toEqual(Array.from({ length: mrns.length }, (_, index) => formatMrn(index + 1)));
  }
  const created = audits.filter((entry) => entry.action === 'patient.created').map((entry) => entry.targetId);
  expect(created.sort(), 'one patient.created audit entry per creation').toEqual([...createsApplied.keys()].sort());
  const effects = audits
    .filter((entry) => typeof entry.metadata.clientId === 'string')
    .map((entry) => `${String(entry.metadata.clientId)}#${String(entry.metadata.mutationId)}`);
  expect(effects.length, 'no mutation audited twice').toBe(new Set(effects).size);
  const conflictKeys = serverConflicts.filter((c) => c.clientId !== null).map((c) => `${String(c.clientId)}#${String(c.mutationId)}`);
  expect(conflictKeys.length, 'no mutation recorded as a conflict twice').toBe(new Set(conflictKeys).size);

  // 3. Convergence within scope: each replica holds exactly the server's rows of the tables its role
  //    may read in each of its practices, at the server's head.
  for (const replica of world.replicas) {
    const expected = { patients: [] as Record<string, unknown>[], conflicts: [] as Record<string, unknown>[] };
    const cursors = await replica.store.transaction((tx) => tx.getCursors());
    for (const { practiceId, role } of replica.actor.memberships) {
      const tables = readableTables(role);
      if (tables.includes('patients')) {
        expected.patients.push(...serverPatients.filter((row) => row.practiceId === practiceId));
      }
      if (tables.includes('conflicts')) {
        expected.conflicts.push(...serverConflicts.filter((row) => row.practiceId === practiceId));
      }
      expect(cursors[practiceId], `r${replica.index}: caught up with practice head`).toBe(heads.get(practiceId));
    }
    expect(byId(await localRows(replica, 'patients')), `r${replica.index} (${replica.kind}) patients equal the server's`).toEqual(byId(expected.patients));
    expect(byId(await localRows(replica, 'conflicts')), `r${replica.index} (${replica.kind}) conflicts equal the server's`).toEqual(
      byId(expected.conflicts),
    );
  }
};
