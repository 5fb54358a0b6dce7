import 'server-only';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { uuidv7 } from 'uuidv7';
import type { StoredEmail, TEmailMessage } from './message';

/*
 * The development mailbox: with no SMTP server configured, mail is written to files under
 * `dataDir/mailbox` (owner-only) and listed on /dev/mailbox, so invitations and reminders can be
 * followed on a laptop or a demo install without sending anything anywhere. Ids are UUIDv7, so
 * file names sort by time.
 */

const mailboxDir = (dataDir: string) => path.join(dataDir, 'mailbox');
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Stores a message and returns it with its id and time. */
export const storeInDevMailbox = async (dataDir: string, from: string, message: TEmailMessage): Promise<StoredEmail> => {
  const stored: StoredEmail = { ...message, id: uuidv7(), from, sentAt: new Date().toISOString() };
  await mkdir(mailboxDir(dataDir), { recursive: true, mode: 0o700 });
  await writeFile(path.join(mailboxDir(dataDir), `${stored.id}.json`), JSON.stringify(stored), { mode: 0o600, flag: 'wx' });
  return stored;
};

/** Newest first, at most `limit` messages. */
export const listDevMailbox = async (dataDir: string, { limit = 100 }: { limit?: number } = {}): Promise<StoredEmail[]> => {
  let names: string[];
  try {
    names = await readdir(mailboxDir(dataDir));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return [];
    }
    throw error;
  }
  const newest = names
    .filter((name) => ID.test(name.replace(/\.json$/, '')))
    .sort()
    .reverse()
    .slice(0, limit);
  return Promise.all(
    newest.map(async (name) => JSON.parse(await readFile(path.join(mailboxDir(dataDir), name), 'utf8')) as StoredEmail),
  );
};

/** One message by id, or null (ids are validated, so a crafted id cannot name another file). */
export const readDevMailboxMessage = async (dataDir: string, id: string): Promise<StoredEmail | null> => {
  if (!ID.test(id)) {
    return null;
  }
  try {
    return JSON.parse(await readFile(path.join(mailboxDir(dataDir), `${id}.json`), 'utf8')) as StoredEmail;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return null;
    }
    throw error;
  }
};
