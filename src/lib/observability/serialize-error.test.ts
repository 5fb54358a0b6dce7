import { describe, expect, it } from 'vitest';
import { serializeError, type SerializedError } from './serialize-error';

const asObject = (value: SerializedError | string): SerializedError => {
  if (typeof value === 'string') {
    throw new Error(`expected an object, got ${value}`);
  }
  return value;
};

describe('serializeError', () => {
  it("drops Drizzle's bound parameters from the message and the stack", () => {
    class DrizzleQueryError extends Error {
      constructor(
        readonly query: string,
        readonly params: unknown[],
      ) {
        super(`Failed query: ${query}\nparams: ${params.join(',')}`);
      }
    }
    const error = new DrizzleQueryError('select * from patients where last_name = $1', ['Okonkwo']);
    const out = asObject(serializeError(error));
    expect(out.type).toBe('DrizzleQueryError');
    expect(out.message).toBe('Failed query: select * from patients where last_name = $1');
    expect(out.sql).toBe('select * from patients where last_name = $1');
    expect(JSON.stringify(out)).not.toContain('Okonkwo');
    expect(out.stack).toMatch(/^DrizzleQueryError: Failed query: select/);
    expect(out.stack).toContain('    at ');
  });

  it('masks values in database error details and value-quoting messages', () => {
    const unique = Object.assign(new Error('duplicate key value violates unique constraint "t_slug_key"'), {
      code: '23505',
      severity: 'ERROR',
      detail: 'Key (practice_id, mrn)=(0195f0a0-0000-7000-8000-000000000001, MRN-778899) already exists.',
      table: 't',
      constraint: 't_slug_key',
      params: ['MRN-778899'],
    });
    const out = asObject(serializeError(unique));
    expect(out).toMatchObject({ code: '23505', table: 't', constraint: 't_slug_key' });
    expect(out.detail).toBe('Key (practice_id, mrn)=([REDACTED]) already exists.');
    expect(JSON.stringify(out)).not.toContain('MRN-778899');

    const syntax = Object.assign(new Error('invalid input syntax for type uuid: "Jane Doe"'), {
      code: '22P02',
      severity: 'ERROR',
    });
    expect(asObject(serializeError(syntax)).message).toBe('invalid input syntax for type uuid: [REDACTED]');
  });

  it('follows causes and aggregated errors, with bounds', () => {
    const root = new Error('root cause');
    const top = new Error('top', { cause: new AggregateError([root, 'a string'], 'many') });
    const out = asObject(serializeError(top));
    const cause = asObject(out.cause ?? 'missing');
    expect(cause.type).toBe('AggregateError');
    expect(cause.errors?.[0]).toMatchObject({ message: 'root cause' });
    expect(cause.errors?.[1]).toBe('[thrown string]');
  });

  it('describes thrown non-errors by type only', () => {
    expect(serializeError({ lastName: 'Jane' })).toBe('[thrown object]');
    expect(serializeError('Jane Doe')).toBe('[thrown string]');
    expect(serializeError(null)).toBe('[thrown null]');
  });
});
