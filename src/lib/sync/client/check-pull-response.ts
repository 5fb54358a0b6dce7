import { z } from 'zod';
import { ZPullEnvelope, type TChange, type TPullResponse, type TWireRow } from '../protocol/pull';
import { SYNCED_TABLES, type TSyncedTable } from '../protocol/tables';

/*
 * What a replica accepts from the wire in a pull answer (DESIGN §5): nothing malformed may enter the
 * device database. The envelope is parsed with Zod; the changes — up to 5,000 rows of ~35 fields a
 * page — are checked by the plain functions below, which accept exactly what `ZPullResponse` accepts
 * (a test holds them to the same verdicts) and also check each row's fields per table. Zod's generic
 * walk over every field of every row was a third of an initial sync's time on the device.
 */

/** A field's JSON type on the wire, as the server's columns give it (src/lib/sync/server/pull.ts). */
export type WireFieldKind = 'uuid' | 'text' | 'date' | 'instant' | 'integer' | 'boolean' | 'json';
export type WireField = { kind: WireFieldKind; nullable: boolean };

const field = (kind: WireFieldKind, nullable = false): WireField => ({ kind, nullable });
const syncFields = {
  version: field('integer'),
  createdAt: field('instant'),
  updatedAt: field('instant'),
  createdBy: field('uuid', true),
  updatedBy: field('uuid', true),
  deletedAt: field('instant', true),
};

/**
 * The fields of each synced table's rows. A test compares them with the server's schema, so a
 * column added there without a line here fails. A field may be absent (a role may not receive it);
 * when present, it must have its type. Fields not listed are accepted as they are: a newer server may
 * send columns this app does not know yet.
 */
export const WIRE_ROW_FIELDS: Readonly<Record<TSyncedTable, Readonly<Record<string, WireField>>>> = {
  patients: {
    id: field('uuid'),
    practiceId: field('uuid'),
    mrn: field('text'),
    givenName: field('text'),
    middleName: field('text', true),
    familyName: field('text'),
    preferredName: field('text', true),
    dateOfBirth: field('date'),
    sexAtBirth: field('text'),
    genderIdentity: field('text', true),
    pronouns: field('text', true),
    phoneMobile: field('text', true),
    phoneHome: field('text', true),
    email: field('text', true),
    addressLine1: field('text', true),
    addressLine2: field('text', true),
    city: field('text', true),
    region: field('text', true),
    postalCode: field('text', true),
    country: field('text', true),
    preferredLanguage: field('text', true),
    emergencyContactName: field('text', true),
    emergencyContactRelationship: field('text', true),
    emergencyContactPhone: field('text', true),
    insurancePayer: field('text', true),
    insuranceMemberId: field('text', true),
    insuranceGroupNumber: field('text', true),
    archivedAt: field('instant', true),
    ...syncFields,
  },
  conflicts: {
    id: field('uuid'),
    practiceId: field('uuid'),
    entityTable: field('text'),
    entityId: field('uuid', true),
    reason: field('text'),
    mutationName: field('text'),
    clientId: field('uuid', true),
    mutationId: field('integer', true),
    authorUserId: field('uuid'),
    mine: field('json'),
    theirs: field('json', true),
    base: field('json', true),
    error: field('json', true),
    status: field('text'),
    resolution: field('text', true),
    resolvedBy: field('uuid', true),
    resolvedAt: field('instant', true),
    ...syncFields,
  },
  locations: {
    id: field('uuid'),
    practiceId: field('uuid'),
    name: field('text'),
    addressLine1: field('text', true),
    addressLine2: field('text', true),
    city: field('text', true),
    region: field('text', true),
    postalCode: field('text', true),
    country: field('text'),
    timeZone: field('text'),
    phone: field('text', true),
    ...syncFields,
  },
  rooms: {
    id: field('uuid'),
    practiceId: field('uuid'),
    locationId: field('uuid'),
    name: field('text'),
    active: field('boolean'),
    ...syncFields,
  },
  providers: {
    id: field('uuid'),
    practiceId: field('uuid'),
    userId: field('uuid'),
    displayName: field('text'),
    colour: field('text'),
    active: field('boolean'),
    ...syncFields,
  },
  appointment_types: {
    id: field('uuid'),
    practiceId: field('uuid'),
    name: field('text'),
    durationMinutes: field('integer'),
    colour: field('text'),
    needsRoom: field('boolean'),
    bufferBeforeMinutes: field('integer'),
    bufferAfterMinutes: field('integer'),
    active: field('boolean'),
    ...syncFields,
  },
  working_hours: {
    id: field('uuid'),
    practiceId: field('uuid'),
    providerId: field('uuid'),
    locationId: field('uuid'),
    weekday: field('integer'),
    startTime: field('text'),
    endTime: field('text'),
    validFrom: field('date', true),
    validUntil: field('date', true),
    ...syncFields,
  },
  schedule_exceptions: {
    id: field('uuid'),
    practiceId: field('uuid'),
    providerId: field('uuid'),
    locationId: field('uuid', true),
    date: field('date'),
    kind: field('text'),
    startTime: field('text', true),
    endTime: field('text', true),
    note: field('text', true),
    ...syncFields,
  },
  holidays: {
    id: field('uuid'),
    practiceId: field('uuid'),
    locationId: field('uuid', true),
    date: field('date'),
    name: field('text'),
    ...syncFields,
  },
  appointment_series: {
    id: field('uuid'),
    practiceId: field('uuid'),
    patientId: field('uuid'),
    providerId: field('uuid'),
    locationId: field('uuid'),
    roomId: field('uuid', true),
    typeId: field('uuid'),
    rule: field('text'),
    startDate: field('date'),
    startTime: field('text'),
    durationMinutes: field('integer'),
    timeZone: field('text'),
    exceptionDates: field('json'),
    notes: field('text', true),
    ...syncFields,
  },
  appointments: {
    id: field('uuid'),
    practiceId: field('uuid'),
    patientId: field('uuid'),
    providerId: field('uuid'),
    locationId: field('uuid'),
    roomId: field('uuid', true),
    typeId: field('uuid'),
    startsAt: field('instant'),
    endsAt: field('instant'),
    status: field('text'),
    cancelReason: field('text', true),
    notes: field('text', true),
    outOfHoursReason: field('text', true),
    seriesId: field('uuid', true),
    occurrenceDate: field('date', true),
    detached: field('boolean'),
    checkedInAt: field('instant', true),
    inRoomAt: field('instant', true),
    completedAt: field('instant', true),
    cancelledAt: field('instant', true),
    ...syncFields,
  },
  waitlist_entries: {
    id: field('uuid'),
    practiceId: field('uuid'),
    patientId: field('uuid'),
    typeId: field('uuid'),
    providerId: field('uuid', true),
    locationId: field('uuid', true),
    earliestDate: field('date'),
    latestDate: field('date', true),
    timeOfDay: field('text'),
    note: field('text', true),
    status: field('text'),
    appointmentId: field('uuid', true),
    ...syncFields,
  },
};

// The same pattern as z.uuid() (ZSyncUuid), so both checks agree.
const UUID = z.regexes.uuid();
const DATE = /^\d{4}-\d{2}-\d{2}$/;
// toISOString()'s format, which the server's pull produces for every instant.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);
const isVersion = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const KIND_CHECKS: Readonly<Record<WireFieldKind, (value: unknown) => boolean>> = {
  uuid: isUuid,
  text: (value) => typeof value === 'string',
  date: (value) => typeof value === 'string' && DATE.test(value),
  instant: (value) => typeof value === 'string' && INSTANT.test(value),
  integer: (value) => Number.isSafeInteger(value),
  boolean: (value) => typeof value === 'boolean',
  // Any JSON value: the answer came from JSON.parse.
  json: () => true,
};

/** Per table, its fields as [name, check] pairs, built once. */
const ROW_CHECKS = new Map<TSyncedTable, readonly (readonly [string, WireField, (value: unknown) => boolean])[]>(
  SYNCED_TABLES.map((table) => [table, Object.entries(WIRE_ROW_FIELDS[table]).map(([name, spec]) => [name, spec, KIND_CHECKS[spec.kind]] as const)]),
);
const TABLES: ReadonlySet<string> = new Set(SYNCED_TABLES);

type Path = (string | number)[];

/** A Zod error, like the reference schema's: no value is quoted (rows carry patient data). */
const invalid = (path: Path, message: string): never => {
  throw new z.ZodError([{ code: 'custom', path, message, input: undefined }]);
};

const checkRow = (table: TSyncedTable, row: unknown, practiceId: string, path: Path): TWireRow => {
  if (!isRecord(row)) {
    return invalid(path, 'expected an object');
  }
  if (row.practiceId !== practiceId) {
    return invalid([...path, 'practiceId'], "the row's practice differs from the change's");
  }
  for (const [name, spec, check] of ROW_CHECKS.get(table) ?? []) {
    const value = row[name];
    if (value === undefined || (value === null && spec.nullable)) {
      continue;
    }
    if (value === null || !check(value)) {
      invalid([...path, name], `expected ${spec.nullable ? `${spec.kind} or null` : spec.kind}`);
    }
  }
  // Required whatever the table: the replica files a row by them.
  if (!isUuid(row.id) || !isVersion(row.version)) {
    return invalid(path, 'expected the row’s id and version');
  }
  return row as TWireRow;
};

const checkChange = (value: unknown, index: number): TChange => {
  const path: Path = ['changes', index];
  if (!isRecord(value)) {
    return invalid(path, 'expected an object');
  }
  const { op, practiceId, table, version } = value;
  if (!isUuid(practiceId)) {
    return invalid([...path, 'practiceId'], 'expected a UUID');
  }
  if (typeof table !== 'string' || !TABLES.has(table)) {
    return invalid([...path, 'table'], 'expected a synced table');
  }
  if (!isVersion(version)) {
    return invalid([...path, 'version'], 'expected a version');
  }
  const synced = table as TSyncedTable;
  if (op === 'remove') {
    return isUuid(value.id) ? { op, practiceId, table: synced, version, id: value.id } : invalid([...path, 'id'], 'expected a UUID');
  }
  if (op !== 'put') {
    return invalid([...path, 'op'], 'expected put or remove');
  }
  return { op, practiceId, table: synced, version, row: checkRow(synced, value.row, practiceId, [...path, 'row']) };
};

/**
 * A pull answer from the wire, checked (throws a ZodError when anything is malformed): the envelope
 * by its Zod schema, every change and row by the checks above. Rows are returned as parsed, not
 * copied.
 */
export const parsePullResponse = (raw: unknown): TPullResponse => {
  const envelope = ZPullEnvelope.parse(raw);
  return { ...envelope, changes: envelope.changes.map(checkChange) };
};
