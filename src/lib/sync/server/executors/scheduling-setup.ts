import 'server-only';
import { and, eq, ne } from 'drizzle-orm';
import { can } from '@/lib/auth/permissions';
import { practiceMembers } from '@/lib/db/schema/members';
import { providers } from '@/lib/db/schema/scheduling';
import type {
  TSaveAppointmentType,
  TSaveHoliday,
  TSaveLocation,
  TSaveProvider,
  TSaveRoom,
  TSaveScheduleException,
  TSaveWorkingHours,
} from '@/lib/domain/scheduling/schemas';
import type { TSyncedTable } from '../../protocol/tables';
import type { ExecuteOutcome, MutationContext } from '../context';
import { auditScheduling, fieldError, lockRow, requireRow, saveRow, tombstoneRow } from './scheduling-rows';

/*
 * The server's side of the scheduling set-up mutations (src/lib/sync/mutations/scheduling.ts):
 * locations, rooms, providers, appointment types, working hours, exceptions and holidays. The
 * permission (practice.settings.write) is checked by the caller; these check what the record points
 * at, write, record the change and audit it.
 */

type Saved = { practiceId: string; id: string; removed?: boolean };

/** Saves (or, with `removed`, tombstones) a set-up record after `check`, and audits it. */
const saveSetup =
  <TArgs extends Saved>(table: TSyncedTable, targetType: string, check: (ctx: MutationContext, args: TArgs) => Promise<void> = () => Promise.resolve()) =>
  async (ctx: MutationContext, args: TArgs): Promise<ExecuteOutcome> => {
    const { practiceId: _practiceId, removed, ...values } = args;
    if (removed === true) {
      const row = await lockRow(ctx, table, args.id);
      if (row && row.deletedAt === null) {
        await tombstoneRow(ctx, table, args.id);
        await auditScheduling(ctx, { action: `${targetType}.removed`, targetType, targetId: args.id });
      }
      return { status: 'applied' };
    }
    await check(ctx, args);
    const { created } = await saveRow(ctx, table, values);
    await auditScheduling(ctx, { action: `${targetType}.${created ? 'created' : 'updated'}`, targetType, targetId: args.id });
    return { status: 'applied' };
  };

export const executeSaveLocation = saveSetup<TSaveLocation>('locations', 'location');

export const executeSaveRoom = saveSetup<TSaveRoom>('rooms', 'room', async (ctx, args) => {
  await requireRow(ctx, 'locations', args.locationId, 'locationId', 'This location');
});

export const executeSaveProvider = saveSetup<TSaveProvider>('providers', 'provider', async (ctx, args) => {
  const [member] = await ctx.tx
    .select({ role: practiceMembers.role, status: practiceMembers.status })
    .from(practiceMembers)
    .where(and(eq(practiceMembers.practiceId, ctx.practiceId), eq(practiceMembers.userId, args.userId.toLowerCase())));
  if (!member || member.status !== 'active') {
    throw fieldError('userId', 'This person is not an active member of the practice');
  }
  // A provider sees patients in their own name: the roles that may sign notes (provider, owner).
  if (!can(member.role, 'notes.sign')) {
    throw fieldError('userId', 'Only members with the provider role can be given a calendar');
  }
  const [other] = await ctx.tx
    .select({ id: providers.id })
    .from(providers)
    .where(and(eq(providers.practiceId, ctx.practiceId), eq(providers.userId, args.userId.toLowerCase()), ne(providers.id, args.id.toLowerCase())));
  if (other) {
    throw fieldError('userId', 'This person already has a calendar in the practice');
  }
});

export const executeSaveAppointmentType = saveSetup<TSaveAppointmentType>('appointment_types', 'appointment_type');

export const executeSaveWorkingHours = saveSetup<TSaveWorkingHours>('working_hours', 'working_hours', async (ctx, args) => {
  await requireRow(ctx, 'providers', args.providerId, 'providerId', 'This provider');
  await requireRow(ctx, 'locations', args.locationId, 'locationId', 'This location');
});

export const executeSaveScheduleException = saveSetup<TSaveScheduleException>('schedule_exceptions', 'schedule_exception', async (ctx, args) => {
  await requireRow(ctx, 'providers', args.providerId, 'providerId', 'This provider');
  if (args.locationId !== null) {
    await requireRow(ctx, 'locations', args.locationId, 'locationId', 'This location');
  }
});

export const executeSaveHoliday = saveSetup<TSaveHoliday>('holidays', 'holiday', async (ctx, args) => {
  if (args.locationId !== null) {
    await requireRow(ctx, 'locations', args.locationId, 'locationId', 'This location');
  }
});
