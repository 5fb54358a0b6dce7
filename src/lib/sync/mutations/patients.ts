import { PATIENT_FIELDS, provisionalMrn, ZArchivePatient, ZCreatePatient, ZUpdatePatient } from '@/lib/domain/patients/schemas';
import { defineMutation } from './define';

/*
 * Patient mutations (issue #5 §2). The optimistic effects mirror the server's executors
 * (src/lib/sync/server/executors/patients.ts) for the happy path; when the server decides
 * otherwise (a merge collision, a refusal) the next pull and rebase correct the device.
 */

export const createPatientMutation = defineMutation({
  name: 'patients.create',
  args: ZCreatePatient,
  permission: 'patients.write',
  entity: 'patients',
  practiceIdOf: (args) => args.practiceId,
  entityIdOf: (args) => args.id,
  applyLocal: async (db, args, meta) => {
    const at = meta.createdAt.toISOString();
    const fields = Object.fromEntries(PATIENT_FIELDS.map((field) => [field, args[field] ?? null]));
    await db.put('patients', {
      ...fields,
      sexAtBirth: args.sexAtBirth ?? 'unknown',
      id: args.id,
      practiceId: args.practiceId,
      // Shown until the server allocates the practice's next number.
      mrn: provisionalMrn(args.id),
      archivedAt: null,
      version: 0,
      createdAt: at,
      updatedAt: at,
      createdBy: meta.userId,
      updatedBy: meta.userId,
      deletedAt: null,
    });
  },
});

export const updatePatientMutation = defineMutation({
  name: 'patients.update',
  args: ZUpdatePatient,
  permission: 'patients.write',
  entity: 'patients',
  practiceIdOf: (args) => args.practiceId,
  entityIdOf: (args) => args.patientId,
  applyLocal: async (db, args, meta) => {
    const row = await db.get('patients', args.patientId);
    if (!row) {
      return; // removed meanwhile: the server will answer with a conflict
    }
    await db.put('patients', { ...row, ...args.changes, updatedAt: meta.createdAt.toISOString(), updatedBy: meta.userId });
  },
});

export const archivePatientMutation = defineMutation({
  name: 'patients.archive',
  args: ZArchivePatient,
  permission: 'patients.write',
  entity: 'patients',
  practiceIdOf: (args) => args.practiceId,
  entityIdOf: (args) => args.patientId,
  applyLocal: async (db, args, meta) => {
    const row = await db.get('patients', args.patientId);
    if (!row) {
      return;
    }
    const at = meta.createdAt.toISOString();
    await db.put('patients', { ...row, archivedAt: args.archived ? at : null, updatedAt: at, updatedBy: meta.userId });
  },
});
