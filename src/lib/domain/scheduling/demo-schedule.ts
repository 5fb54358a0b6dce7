import 'server-only';
import { createHash } from 'node:crypto';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { can, type TRole } from '@/lib/auth/permissions';
import type { Database } from '@/lib/db/client';
import { users } from '@/lib/db/schema/auth';
import { practiceMembers } from '@/lib/db/schema/members';
import { patients } from '@/lib/db/schema/patients';
import { appMeta } from '@/lib/db/schema/platform';
import { locations, practices } from '@/lib/db/schema/practices';
import { providers } from '@/lib/db/schema/scheduling';
import { syncClients } from '@/lib/db/schema/sync';
import { DEMO_PRACTICES } from '@/lib/db/seed/demo';
import { unsafeSystemTx, withActor } from '@/lib/db/tx';
import { DEMO_ACCOUNTS } from '@/lib/domain/identity/demo-staff';
import { MAX_MUTATIONS_PER_PUSH } from '@/lib/sync/protocol/push';
import { SYNC_PROTOCOL_VERSION } from '@/lib/sync/protocol/version';
import { processPush, type SyncActor } from '@/lib/sync/server/push';
import { DEMO_SCHEDULES, type DemoProviderAccount } from './demo-schedule-data';
import { planDemoSchedule, type PlannedMutation } from './demo-schedule-plan';

/*
 * Loads the demo calendars once per database (issue #7 §8): for each demo practice its providers,
 * rooms, appointment types, working hours, time off and holidays, then about three months of
 * appointments around the day the demo is loaded, with the statuses they would have reached by now,
 * a few recurring visits and a waitlist (./demo-schedule-plan.ts decides them).
 *
 * Everything goes through the executors as the demo owner (the one write path: the same checks of
 * working hours and collisions, versions, change log and audit as the front desk's bookings), each
 * change at the moment the plan says it was made — the audit keeps that as when it happened, beside
 * when it was recorded.
 */

/** The app_meta key recording that the demo schedule was loaded (value: ISO timestamp). */
export const DEMO_SCHEDULE_SEEDED_KEY = 'demo_schedule_seeded_at';

const REQUEST = { requestId: null, ipAddress: null, userAgent: 'openpractice demo loader' };

/** A seed per practice, so each practice's calendar has its own look but the same every time. */
const seedOf = (slug: string): number => createHash('sha256').update(`openpractice-demo-schedule:${slug}`).digest().readUInt32BE(0);

const accountEmail = (role: DemoProviderAccount): string => DEMO_ACCOUNTS.find((account) => account.role === role)?.email ?? '';

/**
 * Pushes the plan's mutations in order, as a device would (a few hundred per transaction, which is
 * much faster than a transaction each), and checks that every one was applied: anything else is a
 * bug in the plan, and stops the load.
 *
 * The loader's replica is not a device: its bookkeeping row goes when the load ends, so the owner's
 * device list shows only real browsers. (Audit entries keep its id in their metadata.)
 */
const apply = async (database: Database, actor: SyncActor, mutations: readonly PlannedMutation[]): Promise<void> => {
  const clientId = uuidv7();
  try {
    let next = 1;
    for (let start = 0; start < mutations.length; start += MAX_MUTATIONS_PER_PUSH) {
      const chunk = mutations.slice(start, start + MAX_MUTATIONS_PER_PUSH).map((mutation) => ({
        id: next++,
        name: mutation.name,
        args: mutation.args,
        baseVersions: {},
        createdAt: mutation.occurredAt.toISOString(),
      }));
      const { results } = await processPush({ database, actor, push: { protocolVersion: SYNC_PROTOCOL_VERSION, clientId, mutations: chunk }, request: REQUEST });
      const failed = results.find((result) => result.status !== 'applied') ?? (results.length === chunk.length ? undefined : { status: 'missing' });
      if (failed) {
        const index = 'id' in failed ? failed.id - 1 : start;
        throw new Error(`demo schedule: ${mutations[index]?.name ?? 'a mutation'} was not applied: ${JSON.stringify(failed)}`);
      }
    }
  } finally {
    await withActor(database, { userId: actor.userId, practiceIds: [] }, (tx) => tx.delete(syncClients).where(eq(syncClients.id, clientId)));
  }
};

export type SeedDemoScheduleOptions = {
  /** The moment the calendar is built around; now unless a test says otherwise. */
  now?: Date;
};

/**
 * Loads the demo schedule, after the demo practices, staff and patients. True when it loaded any
 * practice's calendar; false when it had already run, or the demo owner is gone.
 *
 * A practice is left alone when it already has a provider (someone set its calendar up by hand, or
 * an earlier load stopped halfway: its rows stay, nothing is duplicated), when its demo locations
 * were renamed or removed, or when the demo provider and owner can no longer see patients there.
 */
export const seedDemoSchedule = async (database: Database, { now = new Date() }: SeedDemoScheduleOptions = {}): Promise<boolean> => {
  const [done] = await database.db.select().from(appMeta).where(eq(appMeta.key, DEMO_SCHEDULE_SEEDED_KEY));
  if (done) {
    return false;
  }
  const accounts = await unsafeSystemTx(database, (tx) =>
    tx
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(inArray(users.email, [accountEmail('owner'), accountEmail('provider')])),
  );
  const userIds = {
    owner: accounts.find((row) => row.email === accountEmail('owner'))?.id,
    provider: accounts.find((row) => row.email === accountEmail('provider'))?.id,
  };
  if (userIds.owner === undefined || userIds.provider === undefined) {
    return false;
  }
  const ownerId = userIds.owner;
  const providerUserId = userIds.provider;
  const demoPractices = await unsafeSystemTx(database, (tx) =>
    tx
      .select({ id: practices.id, slug: practices.slug })
      .from(practices)
      .where(inArray(practices.slug, DEMO_PRACTICES.map((practice) => practice.slug))),
  );
  // The owner's own memberships, read as the owner (the policy shows a user their own rows).
  const memberships: { practiceId: string; role: TRole }[] = await withActor(database, { userId: ownerId, practiceIds: [] }, (tx) =>
    tx
      .select({ practiceId: practiceMembers.practiceId, role: practiceMembers.role })
      .from(practiceMembers)
      .where(and(eq(practiceMembers.userId, ownerId), eq(practiceMembers.status, 'active'))),
  );
  const actor: SyncActor = { userId: ownerId, memberships };
  let loaded = 0;
  // Practices whose calendar is there now (loaded here, or set up before): the marker needs one.
  let handled = 0;
  for (const practice of demoPractices) {
    const config = DEMO_SCHEDULES[practice.slug];
    const demo = DEMO_PRACTICES.find((p) => p.slug === practice.slug);
    if (!config || !demo || !memberships.some((m) => m.practiceId === practice.id)) {
      continue;
    }
    const found = await withActor(database, { userId: ownerId, practiceIds: [practice.id] }, async (tx) => ({
      locations: await tx.select({ id: locations.id, name: locations.name, timeZone: locations.timeZone }).from(locations).where(eq(locations.practiceId, practice.id)),
      providers: await tx.select({ id: providers.id }).from(providers).where(eq(providers.practiceId, practice.id)).limit(1),
      clinicians: await tx
        .select({ userId: practiceMembers.userId, role: practiceMembers.role })
        .from(practiceMembers)
        .where(and(eq(practiceMembers.practiceId, practice.id), eq(practiceMembers.status, 'active'), inArray(practiceMembers.userId, [ownerId, providerUserId]))),
      patients: await tx
        .select({ id: patients.id, preferredLanguage: patients.preferredLanguage })
        .from(patients)
        .where(and(eq(patients.practiceId, practice.id), isNull(patients.archivedAt), isNull(patients.deletedAt)))
        .orderBy(asc(patients.mrn)),
    }));
    const demoLocations = demo.locations.map((location) => found.locations.find((row) => row.name === location.name));
    const ready = demoLocations.every((location) => location !== undefined);
    const clinicians = found.clinicians.filter((member) => can(member.role, 'notes.sign'));
    if (found.providers.length > 0) {
      handled += 1;
      continue;
    }
    if (!ready || clinicians.length < 2 || found.patients.length === 0) {
      continue;
    }
    const plan = planDemoSchedule(config, {
      practiceId: practice.id,
      locations: demoLocations.filter((location) => location !== undefined),
      userIds: { owner: ownerId, provider: providerUserId },
      patients: found.patients,
      now,
      seed: seedOf(practice.slug),
    });
    await apply(database, actor, plan.mutations);
    loaded += 1;
    handled += 1;
  }
  if (handled > 0) {
    await database.db.insert(appMeta).values({ key: DEMO_SCHEDULE_SEEDED_KEY, value: new Date().toISOString() }).onConflictDoNothing();
  }
  return loaded > 0;
};
