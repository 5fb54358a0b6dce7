/** A database row as JSON for the wire: instants as ISO strings, everything else as is. */
export const serializeRow = (row: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(row).map(([key, value]) => [key, value instanceof Date ? value.toISOString() : value]));
