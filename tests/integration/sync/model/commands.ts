import fc from 'fast-check';
import { FAULTS, type Fault } from './fault-transport';

/*
 * The model's commands: plain data that fast-check generates, shrinks and prints. They name
 * replicas, patients and conflicts by small numbers taken modulo what exists when the command runs
 * (a replica's patients and open conflicts in id order), so a shrunk list — fewer replicas, fewer
 * steps — still means something instead of pointing at things that no longer exist.
 */

/** Who a replica's user is. Replicas of the same kind share one user (two devices of one person). */
export const USER_KINDS = {
  nurseA: [['A', 'nurse']],
  deskA: [['A', 'front_desk']],
  providerA: [['A', 'provider']],
  // Reads patients, may not write them: its changes are refused, visibly.
  billingA: [['A', 'billing']],
  // May not read patients at all: must never receive a patient or a conflict row.
  auditorA: [['A', 'auditor']],
  // Another practice: must never receive anything of practice A.
  ownerB: [['B', 'owner']],
  // Both practices, different roles.
  nurseAdeskB: [
    ['A', 'nurse'],
    ['B', 'front_desk'],
  ],
} as const;
export type UserKind = keyof typeof USER_KINDS;
const WRITERS_OF_A: readonly UserKind[] = ['nurseA', 'deskA', 'providerA', 'nurseAdeskB'];

/** Fields the model edits (a few, so replicas collide on the same field often) and their values. */
export const EDITED_FIELDS = {
  // Few values per field: equal and different concurrent values both happen.
  city: ['Chicago', 'Evanston', 'Oak Park', null],
  phoneMobile: ['+13125550101', '+13125550102', '+13125550103', null],
  givenName: ['Ana', 'Ben', 'Cleo'],
  email: ['a@clinic.test', 'b@clinic.test', null],
} as const satisfies Record<string, readonly (string | null)[]>;
export type EditedField = keyof typeof EDITED_FIELDS;
const FIELD_NAMES = Object.keys(EDITED_FIELDS) as EditedField[];

export const RESOLUTIONS = ['keep_mine', 'keep_theirs', 'merged', 'dismissed'] as const;

export type Command =
  | { kind: 'create'; r: number; practice: number; name: number }
  /** A create naming a practice the user does not belong to (a forged practiceId). */
  | { kind: 'createForeign'; r: number }
  | { kind: 'update'; r: number; patient: number; fields: EditedField[]; value: number }
  | { kind: 'archive'; r: number; patient: number; archived: boolean }
  | { kind: 'resolve'; r: number; conflict: number; resolution: (typeof RESOLUTIONS)[number] }
  | { kind: 'sync'; r: number }
  /** Every replica syncs once, in order (a calm moment: conflicts reach everyone), faults still armed. */
  | { kind: 'syncAll' }
  /** Arms a fault for the replica's next request. */
  | { kind: 'fault'; r: number; fault: Fault }
  | { kind: 'network'; r: number; online: boolean }
  /** Two tabs of one device sync at once (before leader election settles): overlapping pushes and pulls. */
  | { kind: 'race'; r: number }
  /** The app is killed after its last local write, before or during a push, and started again. */
  | { kind: 'kill'; r: number }
  /** The oldest push held in the network finally reaches the server. */
  | { kind: 'deliverLate' };

/** One line per command, so a counterexample reads like a script. */
export const describeCommand = (command: Command): string => {
  switch (command.kind) {
    case 'create':
      return `r${command.r}.create(practice#${command.practice}, name#${command.name})`;
    case 'createForeign':
      return `r${command.r}.createInForeignPractice()`;
    case 'update':
      return `r${command.r}.update(patient#${command.patient}, ${command.fields.join('+')}=value#${command.value})`;
    case 'archive':
      return `r${command.r}.${command.archived ? 'archive' : 'restore'}(patient#${command.patient})`;
    case 'resolve':
      return `r${command.r}.resolve(conflict#${command.conflict}, ${command.resolution})`;
    case 'sync':
      return `r${command.r}.sync()`;
    case 'syncAll':
      return 'everyone.sync()';
    case 'fault':
      return `r${command.r}.nextRequest(${command.fault})`;
    case 'network':
      return `r${command.r}.${command.online ? 'online' : 'offline'}()`;
    case 'race':
      return `r${command.r}.twoTabsSync()`;
    case 'kill':
      return `r${command.r}.killAndRestart()`;
    case 'deliverLate':
      return 'network.deliverOldestHeldPush()';
  }
};

const printable = (command: Command): Command => Object.assign(command, { [fc.toStringMethod]: () => describeCommand(command) });

const replica = fc.nat({ max: 4 });

const commandArb: fc.Arbitrary<Command> = fc
  .oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('create' as const), r: replica, practice: fc.nat({ max: 1 }), name: fc.nat({ max: 99 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('createForeign' as const), r: replica }) },
    {
      weight: 7,
      arbitrary: fc.record({
        kind: fc.constant('update' as const),
        r: replica,
        // Mostly the first patient: replicas often edit the same one, and the same field.
        patient: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat({ max: 3 }) }),
        fields: fc.subarray(FIELD_NAMES, { minLength: 1, maxLength: 2 }),
        value: fc.nat({ max: 3 }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('archive' as const), r: replica, patient: fc.nat({ max: 3 }), archived: fc.boolean() }) },
    {
      // Often: it only does something once a conflict has reached the replica.
      weight: 5,
      arbitrary: fc.record({ kind: fc.constant('resolve' as const), r: replica, conflict: fc.nat({ max: 3 }), resolution: fc.constantFrom(...RESOLUTIONS) }),
    },
    { weight: 7, arbitrary: fc.record({ kind: fc.constant('sync' as const), r: replica }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('fault' as const), r: replica, fault: fc.constantFrom(...FAULTS) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('network' as const), r: replica, online: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('race' as const), r: replica }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('kill' as const), r: replica }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('deliverLate' as const) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('syncAll' as const) }) },
  )
  .map(printable);

export type Scenario = {
  replicas: UserKind[];
  /** Patients the first replica creates and every replica pulls before the commands run. */
  patients: number;
  commands: Command[];
  /**
   * After quiescence, every replica resolves every open conflict it holds, all before anyone syncs
   * (so several devices resolve the same conflict at once), choosing in turn from this list.
   */
  resolutions: (typeof RESOLUTIONS)[number][];
};

/**
 * 2–5 replicas: the first two write in practice A (so concurrent edits of one patient happen), the
 * others are anyone, including a role that cannot read patients and a user of another practice.
 */
export const scenarioArb = (maxCommands: number): fc.Arbitrary<Scenario> =>
  fc.record({
    replicas: fc
      .tuple(
        fc.constantFrom<UserKind>('nurseA'),
        fc.constantFrom(...WRITERS_OF_A),
        fc.array(fc.constantFrom(...(Object.keys(USER_KINDS) as UserKind[])), { maxLength: 3 }),
      )
      .map(([first, second, rest]) => [first, second, ...rest]),
    // Patients to start from, so edits (and collisions between replicas) begin at the first step.
    patients: fc.nat({ max: 3 }),
    // `size: 'max'`: long lists from the first run, not only after fast-check's small-first warm-up.
    commands: fc.array(commandArb, { minLength: 1, maxLength: maxCommands, size: 'max' }),
    resolutions: fc.array(fc.constantFrom(...RESOLUTIONS), { minLength: 1, maxLength: 4 }),
  });
