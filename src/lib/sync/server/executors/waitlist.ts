import 'server-only';
import type { Patient } from '@/lib/db/schema/patients';
import type { WaitlistEntry } from '@/lib/db/schema/scheduling';
import type { TAddToWaitlist, TRemoveFromWaitlist } from '@/lib/domain/scheduling/schemas';
import type { ExecuteOutcome, MutationContext } from '../context';
import { notFound } from './appointment-rules';
import { auditScheduling, insertRow, lockRow, requireRow, updateRow } from './scheduling-rows';

/*
 * The waitlist's server side. An entry leaves the list when it is booked (appointments.book with its
 * id) or removed here; the offers of a freed slot are computed on the device
 * (src/lib/domain/scheduling/waitlist-matches.ts).
 */

export const executeAddToWaitlist = async (ctx: MutationContext, args: TAddToWaitlist): Promise<ExecuteOutcome> => {
  const patient = await requireRow<Patient>(ctx, 'patients', args.patientId, 'patientId', 'This patient');
  await requireRow(ctx, 'appointment_types', args.typeId, 'typeId', 'This appointment type');
  if (args.providerId !== null) {
    await requireRow(ctx, 'providers', args.providerId, 'providerId', 'This provider');
  }
  if (args.locationId !== null) {
    await requireRow(ctx, 'locations', args.locationId, 'locationId', 'This location');
  }
  const { practiceId: _practiceId, ...fields } = args;
  await insertRow(ctx, 'waitlist_entries', { ...fields, status: 'waiting' });
  await auditScheduling(ctx, { action: 'waitlist.added', targetType: 'waitlist_entry', targetId: args.id, patientId: patient.id });
  return { status: 'applied' };
};

export const executeRemoveFromWaitlist = async (ctx: MutationContext, args: TRemoveFromWaitlist): Promise<ExecuteOutcome> => {
  const entry = await lockRow<WaitlistEntry>(ctx, 'waitlist_entries', args.entryId);
  if (!entry || entry.deletedAt !== null) {
    throw notFound('This waitlist entry');
  }
  if (entry.status === 'waiting') {
    await updateRow(ctx, 'waitlist_entries', entry.id, { status: 'removed' });
    await auditScheduling(ctx, { action: 'waitlist.removed', targetType: 'waitlist_entry', targetId: entry.id, patientId: entry.patientId });
  }
  return { status: 'applied' };
};
