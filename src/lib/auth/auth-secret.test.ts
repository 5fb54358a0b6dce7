import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUTH_SECRET_FILE, resolveAuthSecret } from './auth-secret';

describe('resolveAuthSecret', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'op-auth-secret-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('uses AUTH_SECRET when configured and writes nothing', async () => {
    const configured = 'c'.repeat(40);
    await expect(resolveAuthSecret({ authSecret: configured, dataDir })).resolves.toBe(configured);
    await expect(stat(path.join(dataDir, AUTH_SECRET_FILE))).rejects.toThrow(/ENOENT/);
  });

  it('generates a key once, owner-only, and returns the same key afterwards', async () => {
    const first = await resolveAuthSecret({ authSecret: undefined, dataDir });
    expect(first.length).toBeGreaterThanOrEqual(32);
    const file = path.join(dataDir, AUTH_SECRET_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, 'utf8')).trim()).toBe(first);
    await expect(resolveAuthSecret({ authSecret: undefined, dataDir })).resolves.toBe(first);
  });

  it('refuses a stored key that is too short', async () => {
    await writeFile(path.join(dataDir, AUTH_SECRET_FILE), 'short\n');
    await expect(resolveAuthSecret({ authSecret: undefined, dataDir })).rejects.toThrow(/fewer than 32/);
  });
});
