import type { FieldValues, Resolver } from 'react-hook-form';

import type { LocalDbFieldError } from '@/lib/local/browser/local-database';

/*
 * Field errors of the set-up dialogs: those a mutation's own check returns (LocalDbError
 * `invalid_mutation`), placed beside the field they name, and plainer words for a choice left
 * blank than the schema's "expected a UUID".
 */

/** Arguments every form carries without showing them: an error there goes to the form as a whole. */
const HIDDEN = new Set(['practiceId', 'id', 'active', 'removed']);

/** Whether a dotted path (`days.0.ranges.1.startTime`) names a value the form holds. */
export const isFormPath = (values: unknown, path: string): boolean => {
  let current: unknown = values;
  for (const segment of path.split('.')) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, segment)) {
      return false;
    }
    current = (current as Record<string, unknown>)[segment];
  }
  return path !== '';
};

/** A mutation's field errors: those shown beside a visible field, and the rest (shown above the buttons). */
export const splitFieldErrors = (values: unknown, fields: readonly LocalDbFieldError[]) => {
  const placed: LocalDbFieldError[] = [];
  const unplaced: LocalDbFieldError[] = [];
  for (const field of fields) {
    const visible = !HIDDEN.has(field.path.split('.')[0] ?? '') && isFormPath(values, field.path);
    (visible ? placed : unplaced).push(field);
  }
  return { placed, unplaced };
};

/**
 * A resolver whose errors on choices left blank read as a request ("Choose a provider") instead of
 * the id schema's message. Only a blank value is reworded: a malformed id keeps its message.
 */
export const withChoiceMessages =
  <TIn extends FieldValues, TContext, TOut>(resolver: Resolver<TIn, TContext, TOut>, messages: Readonly<Partial<Record<keyof TIn & string, string>>>): Resolver<TIn, TContext, TOut> =>
  async (values, context, options) => {
    const result = await resolver(values, context, options);
    const errors = result.errors as Record<string, { message?: string } | undefined>;
    for (const [name, message] of Object.entries(messages)) {
      const error = errors[name];
      const value = (values as Record<string, unknown>)[name];
      if (error !== undefined && message !== undefined && (value === '' || value === null || value === undefined)) {
        error.message = message;
      }
    }
    return result;
  };
