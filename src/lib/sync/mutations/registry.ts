import type { MutationDefinition } from './define';
import { resolveConflictMutation } from './conflicts';
import { archivePatientMutation, createPatientMutation, updatePatientMutation } from './patients';

/** Every mutation, by name: the device's mutator API and the server's push both look them up here. */
export const MUTATIONS: ReadonlyMap<string, MutationDefinition> = new Map(
  [createPatientMutation, updatePatientMutation, archivePatientMutation, resolveConflictMutation].map(
    (definition) => [definition.name, definition as unknown as MutationDefinition] as const,
  ),
);
