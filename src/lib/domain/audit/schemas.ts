import { z } from 'zod';

const zUuid = z.uuid({ error: 'expected a UUID' });
const zInstant = z.iso.datetime({ offset: true, error: 'expected an ISO 8601 date and time' }).transform((v) => new Date(v));

const ZAuditFilterFields = z.object({
  actorUserId: zUuid.optional(),
  action: z
    .string()
    .regex(/^[a-z0-9_]+(\.[a-z0-9_]+)+$/, { error: 'expected an action name such as auth.sign_in.failed' })
    .optional(),
  from: zInstant.optional(),
  to: zInstant.optional(),
  patientId: zUuid.optional(),
});

const fromBeforeTo = (f: { from?: Date; to?: Date }) => f.from === undefined || f.to === undefined || f.from < f.to;
const FROM_BEFORE_TO = { error: '"from" must be before "to"', path: ['to'] };

/** Filters of the audit viewer, shared by its form, the API query and the domain functions. */
export const ZAuditFilters = ZAuditFilterFields.refine(fromBeforeTo, FROM_BEFORE_TO);
export type TAuditFilters = z.output<typeof ZAuditFilters>;

/** Query of GET /api/v1/practices/[practiceId]/audit. */
export const ZListAuditQuery = ZAuditFilterFields.extend({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
}).refine(fromBeforeTo, FROM_BEFORE_TO);

/** Query of GET /api/v1/practices/[practiceId]/audit/export. */
export const ZExportAuditQuery = ZAuditFilters;
