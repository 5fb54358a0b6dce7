import { describe, expect, it } from 'vitest';
import {
  can,
  canManageRole,
  PERMISSION_DESCRIPTIONS,
  PERMISSIONS,
  permissionsOf,
  ROLE_LABELS,
  ROLE_PERMISSIONS,
  ROLES,
  ROLES_SEEING_PHI,
  roleSeesPhi,
  rolesWith,
  ZPermission,
  ZRole,
  type TPermission,
  type TRole,
} from './permissions';

const CLINICAL_ONLY: TPermission[] = ['clinical.write', 'notes.sign', 'breakglass.use'];

describe('permission matrix', () => {
  it('grants every permission to at least one role', () => {
    for (const permission of PERMISSIONS) {
      expect(rolesWith(permission), permission).not.toEqual([]);
    }
  });

  it('lists only known permissions, each once', () => {
    for (const role of ROLES) {
      const granted = ROLE_PERMISSIONS[role];
      expect(new Set(granted).size, role).toBe(granted.length);
      for (const permission of granted) {
        expect(ZPermission.safeParse(permission).success, `${role}: ${permission}`).toBe(true);
      }
    }
  });

  it('describes every permission and labels every role in one line', () => {
    for (const permission of PERMISSIONS) {
      expect(PERMISSION_DESCRIPTIONS[permission]).toMatch(/^[^\n]{10,}$/);
    }
    for (const role of ROLES) {
      expect(ROLE_LABELS[role]).not.toBe('');
    }
  });

  it('gives the owner everything', () => {
    expect(permissionsOf('owner')).toEqual(PERMISSIONS);
    for (const permission of PERMISSIONS) {
      expect(can('owner', permission)).toBe(true);
    }
  });

  it('gives the admin everything but clinical work and the chart', () => {
    expect(PERMISSIONS.filter((permission) => !can('admin', permission))).toEqual([
      'clinical.read',
      'clinical.write',
      'notes.sign',
      'breakglass.use',
    ]);
  });

  it('lets only providers (and owners) sign notes', () => {
    expect(rolesWith('notes.sign')).toEqual(['owner', 'provider']);
  });

  it('keeps clinical writing and break-glass with clinicians', () => {
    for (const permission of CLINICAL_ONLY) {
      expect(rolesWith(permission).every((role) => ['owner', 'provider', 'nurse'].includes(role)), permission).toBe(
        true,
      );
    }
    expect(can('nurse', 'clinical.write')).toBe(true);
    expect(can('nurse', 'breakglass.use')).toBe(true);
  });

  it('keeps the chart away from front desk, billing and auditor', () => {
    for (const role of ['front_desk', 'billing', 'auditor'] as const) {
      expect(can(role, 'clinical.read'), role).toBe(false);
      expect(can(role, 'clinical.write'), role).toBe(false);
    }
  });

  it('gives the auditor read-only oversight without patient data', () => {
    expect(can('auditor', 'patients.read')).toBe(false);
    expect(can('auditor', 'clinical.read')).toBe(false);
    expect(can('auditor', 'documents.read')).toBe(false);
    expect(can('auditor', 'billing.read')).toBe(false);
    expect(permissionsOf('auditor')).toEqual(['practice.read', 'members.read', 'audit.read', 'audit.export', 'breakglass.review']);
    expect(permissionsOf('auditor').filter((permission) => /\.(write|sign|use|merge|invite|deactivate)$/.test(permission))).toEqual(
      [],
    );
  });

  it('lets the front desk take payments but not adjust balances', () => {
    expect(can('front_desk', 'billing.payments.record')).toBe(true);
    expect(can('front_desk', 'billing.write')).toBe(false);
    expect(can('billing', 'billing.write')).toBe(true);
  });

  it('lets nobody but owner and admin manage members or merge patients', () => {
    for (const permission of ['members.invite', 'members.role.write', 'members.deactivate', 'patients.merge'] as const) {
      expect(rolesWith(permission), permission).toEqual(['owner', 'admin']);
    }
  });

  it('parses roles and rejects unknown ones', () => {
    expect(ZRole.parse('front_desk')).toBe('front_desk');
    expect(ZRole.safeParse('superuser').success).toBe(false);
  });
});

describe('ROLES_SEEING_PHI', () => {
  it('is every role with patients.read or clinical.read', () => {
    expect(ROLES_SEEING_PHI).toEqual(['owner', 'admin', 'provider', 'nurse', 'front_desk', 'billing']);
    for (const role of ROLES) {
      expect(roleSeesPhi(role), role).toBe(can(role, 'patients.read') || can(role, 'clinical.read'));
    }
  });
});

describe('canManageRole', () => {
  it('lets only owners give or take the owner role', () => {
    expect(canManageRole('owner', 'owner')).toBe(true);
    expect(canManageRole('admin', 'owner')).toBe(false);
  });

  it('lets owners and admins manage every role below owner', () => {
    for (const target of ROLES.filter((role): role is Exclude<TRole, 'owner'> => role !== 'owner')) {
      expect(canManageRole('owner', target), target).toBe(true);
      expect(canManageRole('admin', target), target).toBe(true);
    }
  });

  it('lets no other role manage anyone', () => {
    for (const actor of ['provider', 'nurse', 'front_desk', 'billing', 'auditor'] as const) {
      for (const target of ROLES) {
        expect(canManageRole(actor, target), `${actor} → ${target}`).toBe(false);
      }
    }
  });
});
