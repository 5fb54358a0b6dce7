import 'server-only';
import { resolveConflictMutation } from '../mutations/conflicts';
import type { MutationDefinition } from '../mutations/define';
import { archivePatientMutation, createPatientMutation, updatePatientMutation } from '../mutations/patients';
import type { ExecuteOutcome, MutationContext } from './context';
import { executeResolveConflict } from './executors/conflicts';
import { executeArchivePatient, executeCreatePatient, executeUpdatePatient } from './executors/patients';

/*
 * The server's half of each mutation declaration (src/lib/sync/mutations): the one write path
 * (DESIGN §2). The sync push, the REST API and server-side jobs all run mutations through
 * `executeMutation` (src/lib/sync/server/execute-mutation.ts), which looks them up here.
 */

type Executor = { definition: MutationDefinition; execute: (ctx: MutationContext, args: never) => Promise<ExecuteOutcome> };

const executor = <TDefinition extends MutationDefinition>(
  definition: TDefinition,
  execute: (ctx: MutationContext, args: Parameters<TDefinition['applyLocal']>[1]) => Promise<ExecuteOutcome>,
): Executor => ({ definition, execute: execute as Executor['execute'] });

export const EXECUTORS: ReadonlyMap<string, Executor> = new Map(
  [
    executor(createPatientMutation, executeCreatePatient),
    executor(updatePatientMutation, executeUpdatePatient),
    executor(archivePatientMutation, executeArchivePatient),
    executor(resolveConflictMutation, executeResolveConflict),
  ].map((entry) => [entry.definition.name, entry] as const),
);
