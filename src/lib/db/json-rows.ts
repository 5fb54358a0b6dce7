import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

/*
 * Many rows into a table as ONE JSON parameter: `insert into t (cols) select cols from
 * json_populate_recordset(null::t, $1)`. Drizzle's multi-row `values()` binds every field as its own
 * parameter and maps each through the column's encoder; for a sync push of hundreds of rows that
 * JavaScript work and the parameter traffic cost more than the insert itself (DESIGN §8 push budget).
 *
 * Rows are keyed by the schema's property names (as for `values()`). The database converts each
 * JSON value to its column's type: ISO strings to timestamptz and date, numbers to bigint, objects to
 * jsonb, JSON null to NULL. Only the columns the first row names are inserted (the others take their
 * defaults), so every row must name the same columns; a Date is written as its ISO string.
 */

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The insert of `rows` into `table`; compose `on conflict …` / `returning …` after it with sql``. */
export const insertJsonRows = <TTable extends PgTable>(table: TTable, rows: readonly Partial<TTable['$inferInsert']>[]): SQL => {
  const first = rows[0];
  if (first === undefined) {
    throw new TypeError('insertJsonRows: no rows');
  }
  const columns = getTableColumns(table);
  const fields = Object.keys(first).flatMap((key) => {
    const column = columns[key];
    return column ? [{ key, name: column.name }] : [];
  });
  const payload = rows.map((row: Record<string, unknown>) => Object.fromEntries(fields.map(({ key, name }) => [name, row[key] ?? null])));
  const target = sql.raw(quoted(getTableName(table)));
  const list = sql.raw(fields.map(({ name }) => quoted(name)).join(', '));
  return sql`insert into ${target} (${list}) select ${list} from json_populate_recordset(null::${target}, ${JSON.stringify(payload)}::json)`;
};
