import { describe, expect, it } from 'vitest';
import { isLocalDbErrorShape, LocalDbError, toLocalDbError } from './errors';

/** What wa-sqlite throws: an Error with SQLite's result code. */
const sqliteError = (message: string, code: number) => Object.assign(new Error(message), { code });

describe('toLocalDbError', () => {
  it('never carries SQLite text that can quote data', () => {
    const syntax = toLocalDbError(sqliteError('near "Quackenbush": syntax error', 1));
    expect(syntax).toMatchObject({ code: 'sql', sqliteCode: 1 });
    expect(syntax.message).not.toContain('Quackenbush');
    const column = toLocalDbError(sqliteError('no such column: Quackenbush', 1));
    expect(column.message).not.toContain('Quackenbush');
  });

  it('keeps constraint messages that only name schema objects', () => {
    expect(toLocalDbError(sqliteError('UNIQUE constraint failed: patients.id', 19))).toMatchObject({
      code: 'constraint',
      message: 'UNIQUE constraint failed: patients.id',
    });
    expect(toLocalDbError(sqliteError('UNIQUE constraint failed: patients.practice_id, patients.id', 2067)).message).toBe(
      'UNIQUE constraint failed: patients.practice_id, patients.id',
    );
    // A custom RAISE() message is free text: dropped.
    const raised = toLocalDbError(sqliteError('patient Quackenbush is archived', 19));
    expect(raised).toMatchObject({ code: 'constraint', message: 'a constraint refused the write' });
  });

  it('reads "not a database" at open as a wrong key, and only there', () => {
    expect(toLocalDbError(sqliteError('file is not a database', 26), { opening: true }).code).toBe('wrong_key');
    expect(toLocalDbError(sqliteError('file is not a database', 26)).code).toBe('sql');
  });

  it('turns anything that is not a SQLite error into a bare internal error', () => {
    const internal = toLocalDbError(new TypeError('cannot read Quackenbush of undefined'));
    expect(internal).toMatchObject({ code: 'internal', message: 'internal error in the local database' });
    expect(toLocalDbError('Quackenbush').code).toBe('internal');
    const own = new LocalDbError('timeout');
    expect(toLocalDbError(own)).toBe(own);
  });

  it('round-trips through its plain shape', () => {
    const shape = toLocalDbError(sqliteError('UNIQUE constraint failed: patients.id', 19)).toShape();
    expect(isLocalDbErrorShape(JSON.parse(JSON.stringify(shape)))).toBe(true);
    expect(LocalDbError.fromShape(shape)).toMatchObject({ name: 'LocalDbError', code: 'constraint', sqliteCode: 19 });
    expect(isLocalDbErrorShape({ name: 'LocalDbError', code: 'made_up', message: 'x' })).toBe(false);
  });

  it('carries the fields of a refused mutation across', () => {
    const fields = [{ path: 'dateOfBirth', message: 'must be a date (YYYY-MM-DD)' }];
    const shape = new LocalDbError('invalid_mutation', undefined, undefined, fields).toShape();
    expect(shape).toEqual({ name: 'LocalDbError', code: 'invalid_mutation', message: 'some fields are invalid', fields });
    expect(LocalDbError.fromShape(structuredClone(shape))).toMatchObject({ code: 'invalid_mutation', fields });
  });
});
