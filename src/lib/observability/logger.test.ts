import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createLogger, MAX_LOG_DEPTH, REDACT_PATHS, REDACTED_KEYS, requestLogger, scrubForLog } from './logger';

/** A logger whose lines are collected as text. */
const capture = () => {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter((line) => line !== ''));
      done();
    },
  });
  return { logger: createLogger({ level: 'info', destination }), lines, text: () => lines.join('\n') };
};

// One distinct, greppable value per redacted key.
const secretFor = (key: string) => `secret-${key}-value`;
const patientRecord = (): Record<string, string> =>
  Object.fromEntries(REDACTED_KEYS.map((key) => [key, secretFor(key)]));

describe('logger redaction', () => {
  it('prints none of the patient fields at the top level, nested, in arrays or deep down', () => {
    const { logger, text, lines } = capture();
    logger.info(
      {
        ...patientRecord(),
        patient: patientRecord(),
        appointments: [{ patient: patientRecord() }, { notes: 'Patient reports chest pain' }],
        a: { b: { c: { d: { e: { f: { g: patientRecord() } } } } } },
        req: { headers: { authorization: 'Bearer tok-123', cookie: 'sid=abc', 'set-cookie': 'sid=def', accept: 'json' } },
        keep: 'visible-marker',
      },
      'record logged',
    );
    expect(lines).toHaveLength(1);
    const output = text();
    for (const key of REDACTED_KEYS) {
      expect(output, `value of ${key}`).not.toContain(secretFor(key));
    }
    for (const value of ['chest pain', 'tok-123', 'sid=abc', 'sid=def']) {
      expect(output).not.toContain(value);
    }
    // Not everything is censored: structure and harmless values stay readable.
    expect(output).toContain('visible-marker');
    expect(output).toContain('"accept":"json"');
    expect(output).toContain('[REDACTED]');
  });

  it('scrubs child-logger bindings too, at any depth', () => {
    const { logger, text } = capture();
    logger
      .child({ requestId: 'req-1', patient: { lastName: 'Smithson', contacts: [{ phone: '+15555550123' }] } })
      .child({ dob: '1970-01-01' })
      .info('bound');
    const output = text();
    expect(output).toContain('req-1');
    for (const value of ['Smithson', '+15555550123', '1970-01-01']) {
      expect(output).not.toContain(value);
    }
  });

  it('requestLogger binds the request id', () => {
    const { logger, lines } = capture();
    requestLogger('0195f0a0-0000-7000-8000-000000000001', logger).info('hello');
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ requestId: '0195f0a0-0000-7000-8000-000000000001', msg: 'hello' });
  });

  it('masks database errors wherever they appear (bound values, detail, quoted input)', () => {
    const { logger, text } = capture();
    const drizzleError = Object.assign(
      new Error('Failed query: insert into "patients" ("last_name") values ($1)\nparams: Rodriguez-Patient'),
      { query: 'insert into "patients" ("last_name") values ($1)', params: ['Rodriguez-Patient'] },
    );
    const pgError = Object.assign(new Error('duplicate key value violates unique constraint "patients_email_key"'), {
      code: '23505',
      severity: 'ERROR',
      detail: 'Key (email)=(maria@example.org) already exists.',
      constraint: 'patients_email_key',
    });
    drizzleError.cause = pgError;
    logger.error({ err: drizzleError, context: { inner: pgError } }, 'insert failed');
    const output = text();
    expect(output).not.toContain('Rodriguez-Patient');
    expect(output).not.toContain('maria@example.org');
    expect(output).toContain('patients_email_key');
    expect(output).toContain('23505');
  });

  it('describes a thrown string by its type only', () => {
    const { logger, text } = capture();
    logger.error({ err: 'Patient Jane Roe not found' }, 'odd throw');
    expect(text()).not.toContain('Jane Roe');
    expect(text()).toContain('[thrown string]');
  });

  it('truncates below the maximum depth instead of printing unchecked values', () => {
    let deep: Record<string, unknown> = { leaf: 'deep-leaf-value' };
    for (let i = 0; i < MAX_LOG_DEPTH + 2; i++) {
      deep = { level: deep };
    }
    const { logger, text } = capture();
    logger.info({ deep }, 'deep');
    expect(text()).not.toContain('deep-leaf-value');
    expect(text()).toContain('[Truncated]');
  });

  it('survives cycles, binary data and collections', () => {
    const cyclic: Record<string, unknown> = { id: 'x' };
    cyclic.self = cyclic;
    const scrubbed = scrubForLog({ cyclic, bytes: new Uint8Array([1, 2]), map: new Map([['name', 'Jane']]) });
    expect(JSON.stringify(scrubbed)).not.toContain('Jane');
    expect(scrubbed).toMatchObject({ bytes: '[Binary]', map: '[Map(1)]' });
  });

  it("pino's own redact paths (the second layer) censor the keys on their own", () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    // Only pino's `redact`, without the scrubbing formatters.
    const bare = pino({ redact: { paths: [...REDACT_PATHS], censor: '[REDACTED]' } }, destination);
    bare.info({
      ...patientRecord(),
      req: { headers: { authorization: 'Bearer tok-456', cookie: 'sid=ghi' } },
      user: { password: 'hunter2-pw', token: 'tok-789' },
    });
    const output = lines.join('');
    for (const key of REDACTED_KEYS) {
      expect(output, `value of ${key}`).not.toContain(secretFor(key));
    }
    for (const value of ['tok-456', 'sid=ghi', 'hunter2-pw', 'tok-789']) {
      expect(output).not.toContain(value);
    }
  });
});
