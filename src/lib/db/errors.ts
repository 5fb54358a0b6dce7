/*
 * Recognizing database errors by SQLSTATE. Drizzle wraps driver errors (DrizzleQueryError with the
 * driver's error as `cause`), and PGlite and node-postgres both put the SQLSTATE on `code`, so the
 * chain of causes is walked.
 */

const sqlState = (error: unknown): string | undefined => {
  for (let current: unknown = error, depth = 0; current !== null && typeof current === 'object' && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
      return code;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
};

/** unique_violation (23505): a duplicate key. */
export const isUniqueViolation = (error: unknown): boolean => sqlState(error) === '23505';

/** exclusion_violation (23P01): e.g. an overlapping booking. */
export const isExclusionViolation = (error: unknown): boolean => sqlState(error) === '23P01';

/** unique_violation on a table's primary key (`<table>_pkey`): an id already taken, maybe in another practice. */
export const isPrimaryKeyViolation = (error: unknown): boolean => sqlState(error) === '23505' && /_pkey$/.test(violatedConstraint(error) ?? '');

/** The name of the constraint a violation names (PGlite and node-postgres both set `constraint`). */
export const violatedConstraint = (error: unknown): string | undefined => {
  for (let current: unknown = error, depth = 0; current !== null && typeof current === 'object' && depth < 5; depth += 1) {
    const constraint = (current as { constraint?: unknown }).constraint;
    if (typeof constraint === 'string') {
      return constraint;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
};
