import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';

import type {
  ZSaveAppointmentType,
  ZSaveHoliday,
  ZSaveLocation,
  ZSaveProvider,
  ZSaveRoom,
  ZSaveScheduleException,
} from '@/lib/domain/scheduling/schemas';
import type {
  LocalAppointmentType,
  LocalHoliday,
  LocalLocation,
  LocalProvider,
  LocalRoom,
  LocalScheduleException,
} from '@/lib/local/scheduling-setup-query';

/*
 * Form ↔ mutation arguments for the set-up dialogs (issue #7 §1). Each form edits exactly the
 * arguments of its `*.save` mutation and is validated by that mutation's schema (CONVENTIONS §4),
 * so its values are the schema's input: optional text blank rather than null, ids made here
 * (UUIDv7, born on the device) when the record is new.
 */

export type TLocationForm = z.input<typeof ZSaveLocation>;
export type TRoomForm = z.input<typeof ZSaveRoom>;
export type TProviderForm = z.input<typeof ZSaveProvider>;
export type TAppointmentTypeForm = z.input<typeof ZSaveAppointmentType>;
export type TExceptionForm = z.input<typeof ZSaveScheduleException>;
export type THolidayForm = z.input<typeof ZSaveHoliday>;

/**
 * The mutation arguments of a row the device holds: its fields that the schema names (the sync
 * columns and anything newer are left out, since the schemas are strict).
 */
export const pickArgs = <S extends z.ZodObject>(schema: S, row: object): z.input<S> =>
  Object.fromEntries(Object.keys(schema.shape).flatMap((key) => (key in row ? [[key, (row as Record<string, unknown>)[key]]] : []))) as z.input<S>;

export const locationFormValues = (practiceId: string, location: LocalLocation | null, defaultTimeZone: string): TLocationForm => ({
  practiceId,
  id: location?.id ?? uuidv7(),
  name: location?.name ?? '',
  addressLine1: location?.addressLine1 ?? '',
  addressLine2: location?.addressLine2 ?? '',
  city: location?.city ?? '',
  region: location?.region ?? '',
  postalCode: location?.postalCode ?? '',
  country: location?.country ?? 'US',
  timeZone: location?.timeZone ?? defaultTimeZone,
  phone: location?.phone ?? '',
});

/** A new room starts at the only (or first) location. */
export const roomFormValues = (practiceId: string, room: LocalRoom | null, defaultLocationId: string | undefined): TRoomForm => ({
  practiceId,
  id: room?.id ?? uuidv7(),
  locationId: room?.locationId ?? defaultLocationId ?? '',
  name: room?.name ?? '',
  active: room?.active ?? true,
});

export const providerFormValues = (practiceId: string, provider: LocalProvider | null, defaultColour: string): TProviderForm => ({
  practiceId,
  id: provider?.id ?? uuidv7(),
  userId: provider?.userId ?? '',
  displayName: provider?.displayName ?? '',
  colour: provider?.colour ?? defaultColour,
  active: provider?.active ?? true,
});

export const appointmentTypeFormValues = (practiceId: string, type: LocalAppointmentType | null, defaultColour: string): TAppointmentTypeForm => ({
  practiceId,
  id: type?.id ?? uuidv7(),
  name: type?.name ?? '',
  durationMinutes: type?.durationMinutes ?? 30,
  colour: type?.colour ?? defaultColour,
  needsRoom: type?.needsRoom ?? true,
  bufferBeforeMinutes: type?.bufferBeforeMinutes ?? 0,
  bufferAfterMinutes: type?.bufferAfterMinutes ?? 0,
  active: type?.active ?? true,
});

/** A new exception: time off for the whole day, at every location. */
export const exceptionFormValues = (practiceId: string, exception: LocalScheduleException | null, defaultProviderId: string | undefined): TExceptionForm => ({
  practiceId,
  id: exception?.id ?? uuidv7(),
  providerId: exception?.providerId ?? defaultProviderId ?? '',
  locationId: exception?.locationId ?? null,
  date: exception?.date ?? '',
  kind: exception?.kind ?? 'time_off',
  startTime: exception?.startTime ?? null,
  endTime: exception?.endTime ?? null,
  note: exception?.note ?? '',
  removed: false,
});

/** The hours an exception gets when "whole day" is unticked, or when it becomes extra hours. */
export const DEFAULT_RANGE = { startTime: '09:00', endTime: '17:00' } as const;

export const holidayFormValues = (practiceId: string, holiday: LocalHoliday | null): THolidayForm => ({
  practiceId,
  id: holiday?.id ?? uuidv7(),
  locationId: holiday?.locationId ?? null,
  date: holiday?.date ?? '',
  name: holiday?.name ?? '',
  removed: false,
});
