import 'server-only';
import { isAppError } from '@/lib/api/errors';
import { resolveConflictMutation } from '../mutations/conflicts';
import type { MutationDefinition } from '../mutations/define';
import { archivePatientMutation, createPatientMutation, updatePatientMutation } from '../mutations/patients';
import {
  addToWaitlistMutation,
  bookAppointmentMutation,
  cancelSeriesMutation,
  createSeriesMutation,
  editSeriesMutation,
  removeFromWaitlistMutation,
  rescheduleAppointmentMutation,
  saveAppointmentTypeMutation,
  saveHolidayMutation,
  saveLocationMutation,
  saveProviderMutation,
  saveRoomMutation,
  saveScheduleExceptionMutation,
  saveWorkingHoursMutation,
  transitionAppointmentMutation,
  updateAppointmentNotesMutation,
} from '../mutations/scheduling';
import { itemContext, type ExecuteOutcome, type ItemOutcome, type MutationContext, type RunContext, type RunItem } from './context';
import { executeResolveConflict } from './executors/conflicts';
import { executeCancelSeries, executeCreateSeries, executeEditSeries } from './executors/appointment-series';
import {
  executeBookAppointment,
  executeRescheduleAppointment,
  executeTransitionAppointment,
  executeUpdateAppointmentNotes,
} from './executors/appointments';
import { executeArchivePatients, executeCreatePatients, executeUpdatePatients } from './executors/patients';
import {
  executeSaveAppointmentType,
  executeSaveHoliday,
  executeSaveLocation,
  executeSaveProvider,
  executeSaveRoom,
  executeSaveScheduleException,
  executeSaveWorkingHours,
} from './executors/scheduling-setup';
import { executeAddToWaitlist, executeRemoveFromWaitlist } from './executors/waitlist';

/*
 * The server's half of each mutation declaration (src/lib/sync/mutations): the one write path
 * (DESIGN §2). The sync push, the REST API and server-side jobs all run mutations through these
 * (the REST API and jobs via `executeMutation`, src/lib/sync/server/execute-mutation.ts).
 *
 * An executor takes a *run*: one or more mutations of its kind in one practice, in order. Kinds
 * that devices send in bulk (patients.*) execute a run set-based — validate and merge in
 * JavaScript, then one statement per kind of write; rarer kinds run one by one.
 */

export type Executor = {
  definition: MutationDefinition;
  /**
   * Whether a run touches only the rows of the entities its mutations name (entityIdOf), so a push
   * may group it with runs of other kinds that name other entities. A kind that writes elsewhere
   * too (conflicts.resolve writes the patient) keeps its place in the order.
   */
  independentOfOtherEntities: boolean;
  /** One outcome per item, in order; see ItemOutcome for what a throw means. */
  executeRun: (ctx: RunContext, items: readonly RunItem<never>[]) => Promise<ItemOutcome[]>;
};

type ArgsOf<TDefinition extends MutationDefinition> = Parameters<TDefinition['applyLocal']>[1];

const setBased = <TDefinition extends MutationDefinition>(
  definition: TDefinition,
  executeRun: (ctx: RunContext, items: readonly RunItem<ArgsOf<TDefinition>>[]) => Promise<ItemOutcome[]>,
): Executor => ({ definition, independentOfOtherEntities: true, executeRun: executeRun as Executor['executeRun'] });

/**
 * A run of a kind whose executor handles one mutation and throws an AppError to refuse: each item
 * in its own savepoint, so a refusal takes back exactly what that item wrote.
 */
const oneByOne = <TDefinition extends MutationDefinition>(
  definition: TDefinition,
  execute: (ctx: MutationContext, args: ArgsOf<TDefinition>) => Promise<ExecuteOutcome>,
): Executor => ({
  definition,
  independentOfOtherEntities: false,
  executeRun: async (ctx, items) => {
    const outcomes: ItemOutcome[] = [];
    for (const item of items) {
      try {
        outcomes.push(await ctx.tx.transaction((savepoint) => execute(itemContext({ ...ctx, tx: savepoint }, item), item.args)));
      } catch (error) {
        if (!isAppError(error)) {
          throw error;
        }
        outcomes.push({ status: 'refused', error });
      }
    }
    return outcomes;
  },
});

export const EXECUTORS: ReadonlyMap<string, Executor> = new Map(
  [
    setBased(createPatientMutation, executeCreatePatients),
    setBased(updatePatientMutation, executeUpdatePatients),
    setBased(archivePatientMutation, executeArchivePatients),
    oneByOne(resolveConflictMutation, executeResolveConflict),
    // Scheduling: one by one. Bookings arrive a few at a time, and each must see the ones before it
    // (the same slot booked twice in one push is the second's conflict).
    oneByOne(saveLocationMutation, executeSaveLocation),
    oneByOne(saveRoomMutation, executeSaveRoom),
    oneByOne(saveProviderMutation, executeSaveProvider),
    oneByOne(saveAppointmentTypeMutation, executeSaveAppointmentType),
    oneByOne(saveWorkingHoursMutation, executeSaveWorkingHours),
    oneByOne(saveScheduleExceptionMutation, executeSaveScheduleException),
    oneByOne(saveHolidayMutation, executeSaveHoliday),
    oneByOne(bookAppointmentMutation, executeBookAppointment),
    oneByOne(rescheduleAppointmentMutation, executeRescheduleAppointment),
    oneByOne(transitionAppointmentMutation, executeTransitionAppointment),
    oneByOne(updateAppointmentNotesMutation, executeUpdateAppointmentNotes),
    oneByOne(createSeriesMutation, executeCreateSeries),
    oneByOne(editSeriesMutation, executeEditSeries),
    oneByOne(cancelSeriesMutation, executeCancelSeries),
    oneByOne(addToWaitlistMutation, executeAddToWaitlist),
    oneByOne(removeFromWaitlistMutation, executeRemoveFromWaitlist),
  ].map((entry) => [entry.definition.name, entry] as const),
);
