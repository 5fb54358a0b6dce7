import { z } from 'zod';

/*
 * The one permission matrix (DESIGN §6): role → permissions. The API's domain layer, the sync
 * scope and the UI all read it from here, so it must run in the browser too: it imports nothing
 * but Zod — no `server-only`, no Node APIs, no database.
 *
 * Hiding a button because `can()` says no is a convenience; the domain layer (and RLS) enforce
 * the same answer for every read and write. docs/permissions.md is generated from this file
 * (`npm run docs:permissions`); a unit test fails when the two disagree.
 */

/** Every role a practice member can hold (one role per membership). */
export const ROLES = ['owner', 'admin', 'provider', 'nurse', 'front_desk', 'billing', 'auditor'] as const;
export const ZRole = z.enum(ROLES);
export type TRole = z.infer<typeof ZRole>;

/** How each role is shown to people. */
export const ROLE_LABELS: Readonly<Record<TRole, string>> = {
  owner: 'Owner',
  admin: 'Admin',
  provider: 'Provider',
  nurse: 'Nurse',
  front_desk: 'Front desk',
  billing: 'Billing',
  auditor: 'Auditor',
};

/** Every permission. Code checks these names; never a role name. */
export const PERMISSIONS = [
  'practice.read',
  'practice.settings.write',
  'members.read',
  'members.invite',
  'members.role.write',
  'members.deactivate',
  'patients.read',
  'patients.write',
  'patients.merge',
  'schedule.read',
  'schedule.write',
  'clinical.read',
  'clinical.write',
  'notes.sign',
  'billing.read',
  'billing.write',
  'billing.payments.record',
  'documents.read',
  'documents.write',
  'audit.read',
  'audit.export',
  'breakglass.use',
  'breakglass.review',
] as const;
export const ZPermission = z.enum(PERMISSIONS);
export type TPermission = z.infer<typeof ZPermission>;

/** One line per permission: what it allows (shown in docs/permissions.md and the role editor). */
export const PERMISSION_DESCRIPTIONS: Readonly<Record<TPermission, string>> = {
  'practice.read': "See the practice's name, locations and settings.",
  'practice.settings.write': 'Change practice settings (locations, hours, session timeout, security policy).',
  'members.read': 'See the staff list and each member’s role.',
  'members.invite': 'Invite new members to the practice.',
  'members.role.write': 'Change a member’s role (owners only for the owner role).',
  'members.deactivate': 'Deactivate a member, ending their sessions and sync access.',
  'patients.read': 'See patient demographics, contact details and insurance.',
  'patients.write': 'Register patients and edit their demographics, contact details and insurance.',
  'patients.merge': 'Merge duplicate patient records.',
  'schedule.read': 'See the appointment calendar.',
  'schedule.write': 'Book, move, cancel and check in appointments.',
  'clinical.read': 'Read the clinical chart: notes, vitals, allergies, problems, medications.',
  'clinical.write': 'Record clinical data and draft notes.',
  'notes.sign': 'Sign clinical notes (a signed note can only be amended).',
  'billing.read': 'See charges, claims, payments and balances.',
  'billing.write': 'Create charges and claims, adjust balances, write off amounts.',
  'billing.payments.record': 'Record a patient payment (copay or balance) and issue a receipt.',
  'documents.read': 'Open documents attached to patients (scans, letters, results).',
  'documents.write': 'Upload and file documents to a patient.',
  'audit.read': 'Read the audit log.',
  'audit.export': 'Export the audit log.',
  'breakglass.use': 'Open the chart of a patient outside one’s care team, with a written reason (logged and reviewed).',
  'breakglass.review': 'Review break-glass accesses and mark them reviewed.',
};

const ALL: readonly TPermission[] = PERMISSIONS;
const except = (...excluded: TPermission[]): readonly TPermission[] =>
  PERMISSIONS.filter((permission) => !excluded.includes(permission));

/*
 * Least privilege, following how a clinic works. Choices that are not obvious:
 *
 * - admin runs the office (staff, settings, schedule, money, paperwork) but is not a clinician:
 *   no clinical.write, notes.sign or breakglass.use, and no clinical.read either. HIPAA's
 *   "minimum necessary" rule asks that office work not open charts; an office manager who is
 *   also a clinician is made owner or given a clinical role. Admin keeps documents.* (records
 *   requests, faxes and scans land with the office) and breakglass.review (it shows who opened
 *   which chart and why, not the chart).
 * - front_desk takes copays and balances at check-in and check-out, so it may record payments
 *   (billing.payments.record) but not billing.write: whoever handles cash should not also be able
 *   to adjust or write off balances (segregation of duties). It uploads ID and insurance-card
 *   scans and intake forms (documents.write).
 * - billing reads demographics and insurance to send claims and statements, never the chart.
 * - auditor is read-only oversight: the audit log, the staff list and the break-glass review
 *   queue (the review is itself part of the audit trail). No patients.read or clinical.read.
 * - patients.merge (irreversible for the record's history) stays with owner and admin.
 * - members.read and practice.read are everyone's: booking needs the list of providers, and
 *   every screen shows the practice.
 */
const COMMON: readonly TPermission[] = ['practice.read', 'members.read'];

/** Role → permissions. The single source of truth; see the comment above for the reasons. */
export const ROLE_PERMISSIONS: Readonly<Record<TRole, readonly TPermission[]>> = {
  owner: ALL,
  admin: except('clinical.read', 'clinical.write', 'notes.sign', 'breakglass.use'),
  provider: [
    ...COMMON,
    'patients.read',
    'patients.write',
    'schedule.read',
    'schedule.write',
    'clinical.read',
    'clinical.write',
    'notes.sign',
    'billing.read',
    'documents.read',
    'documents.write',
    'breakglass.use',
  ],
  nurse: [
    ...COMMON,
    'patients.read',
    'patients.write',
    'schedule.read',
    'schedule.write',
    'clinical.read',
    'clinical.write',
    'documents.read',
    'documents.write',
    'breakglass.use',
  ],
  front_desk: [
    ...COMMON,
    'patients.read',
    'patients.write',
    'schedule.read',
    'schedule.write',
    'billing.read',
    'billing.payments.record',
    'documents.read',
    'documents.write',
  ],
  billing: [
    ...COMMON,
    'patients.read',
    'schedule.read',
    'billing.read',
    'billing.write',
    'billing.payments.record',
    'documents.read',
  ],
  auditor: [...COMMON, 'audit.read', 'audit.export', 'breakglass.review'],
};

// Sets for the checks that run on every request and every rendered button.
const GRANTED: ReadonlyMap<TRole, ReadonlySet<TPermission>> = new Map(
  ROLES.map((role) => [role, new Set(ROLE_PERMISSIONS[role])]),
);

/** Whether `role` holds `permission`. An unknown role (bad data) holds nothing. */
export const can = (role: TRole, permission: TPermission): boolean => GRANTED.get(role)?.has(permission) === true;

/** The permissions of `role`, in the order of `PERMISSIONS`. */
export const permissionsOf = (role: TRole): readonly TPermission[] =>
  PERMISSIONS.filter((permission) => can(role, permission));

/** The roles that hold `permission`, in the order of `ROLES`. */
export const rolesWith = (permission: TPermission): readonly TRole[] => ROLES.filter((role) => can(role, permission));

/**
 * Roles that can see protected health information through the chart or patient records; issue #4
 * requires TOTP for them. Derived from the matrix, so a role that gains patients.read starts
 * needing MFA without anyone remembering to update a list. (The auditor sees patient ids in the
 * audit log but no record content, so it is not in this list; a practice may still require MFA
 * for everyone.)
 */
export const ROLES_SEEING_PHI: readonly TRole[] = ROLES.filter(
  (role) => can(role, 'patients.read') || can(role, 'clinical.read'),
);

/** Whether members of `role` must enrol and use a second factor (TOTP). */
export const roleSeesPhi = (role: TRole): boolean => ROLES_SEEING_PHI.includes(role);

/**
 * Whether a member with `actorRole` may give `targetRole` to someone or take it away (invite as,
 * promote to, demote from, deactivate a holder of). Only owners touch the owner role, so an admin
 * can never promote themselves or anyone else to owner, nor remove an owner; admins manage every
 * other role, other admins included. Rules that need data (the last owner cannot be demoted,
 * nobody changes their own role) belong to the domain function.
 */
export const canManageRole = (actorRole: TRole, targetRole: TRole): boolean => {
  if (!can(actorRole, 'members.role.write')) {
    return false;
  }
  return targetRole !== 'owner' || actorRole === 'owner';
};
