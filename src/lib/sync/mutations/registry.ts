import type { MutationDefinition } from './define';
import { resolveConflictMutation } from './conflicts';
import { archivePatientMutation, createPatientMutation, updatePatientMutation } from './patients';
import { SCHEDULING_MUTATIONS } from './scheduling';

/** Every mutation, by name: the device's mutator API and the server's push both look them up here. */
export const MUTATIONS: ReadonlyMap<string, MutationDefinition> = new Map(
  [
    ...[createPatientMutation, updatePatientMutation, archivePatientMutation, resolveConflictMutation].map(
      (definition) => definition as unknown as MutationDefinition,
    ),
    ...SCHEDULING_MUTATIONS,
  ].map((definition) => [definition.name, definition] as const),
);
