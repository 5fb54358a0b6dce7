import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listDevMailbox, readDevMailboxMessage } from './dev-mailbox';
import { sendEmail } from './send-email';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'openpractice-mail-'));
const config = { dataDir, email: { smtpUrl: undefined, from: 'OpenPractice <no-reply@clinic.test>' } };
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('development mailbox', () => {
  it('keeps mail that would have been sent, newest first, readable only by the owner', async () => {
    const first = await sendEmail({ to: 'a@clinic.test', subject: 'First', text: 'one' }, config);
    const second = await sendEmail({ to: 'b@clinic.test', subject: 'Second', text: 'two' }, config);
    expect(first.transport).toBe('dev-mailbox');
    const listed = await listDevMailbox(dataDir);
    expect(listed.map((m) => m.subject)).toEqual(['Second', 'First']);
    expect(listed[0]).toMatchObject({ to: 'b@clinic.test', from: 'OpenPractice <no-reply@clinic.test>' });
    expect(statSync(path.join(dataDir, 'mailbox', `${second.id}.json`)).mode & 0o777).toBe(0o600);
    expect((await readDevMailboxMessage(dataDir, first.id))?.text).toBe('one');
  });

  it('refuses ids that could name another file', async () => {
    expect(await readDevMailboxMessage(dataDir, '../../etc/passwd')).toBeNull();
  });

  it('is empty before any mail', async () => {
    expect(await listDevMailbox(path.join(dataDir, 'nothing-here'))).toEqual([]);
  });

  it('refuses a malformed message before storing anything', async () => {
    await expect(sendEmail({ to: 'not-an-address', subject: 'x', text: 'y' }, config)).rejects.toThrow();
  });
});
