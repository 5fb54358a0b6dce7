import { z } from 'zod';
import { ZLocalDate, ZLocalTime } from '@/lib/domain/scheduling/schemas';

/*
 * The booking form's schema (CONVENTIONS §4: the field schemas are the shared ones). Loaded with the
 * booking dialog, not with the calendar.
 */

/** The booking form's fields: clinic date and clock time, as people type them. */
export const ZBookingForm = z.object({
  patientId: z.string().min(1, { error: 'choose a patient' }),
  typeId: z.string().min(1, { error: 'choose a type' }),
  providerId: z.string().min(1, { error: 'choose a provider' }),
  locationId: z.string().min(1, { error: 'choose a location' }),
  roomId: z.string(),
  date: ZLocalDate,
  time: ZLocalTime,
  durationMinutes: z.coerce.number({ error: 'expected minutes' }).int().min(5, { error: 'at least 5 minutes' }).max(720, { error: 'at most 12 hours' }),
  notes: z.string().max(1000, { error: 'at most 1000 characters' }),
  outOfHoursReason: z.string().max(500, { error: 'at most 500 characters' }),
});
export type TBookingFormInput = z.input<typeof ZBookingForm>;
export type TBookingForm = z.output<typeof ZBookingForm>;
