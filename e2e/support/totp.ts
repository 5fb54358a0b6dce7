import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { generate } from 'otplib';

/*
 * TOTP codes for the demo accounts that no other sign-in of this end-to-end run has used. The server
 * accepts a code once (replay guard) and takes the current time step or the next one; the global
 * setup and several test files sign the same accounts in within seconds of each other, in an order
 * vitest chooses. So every sign-in takes its code here: the steps used per account are kept in a
 * small file for the run (test files run one after another, each in its own worker), and a sign-in
 * whose accepted steps are both spent waits for the next step rather than failing.
 */

const LEDGER = path.resolve('e2e/artifacts/totp-steps.json');
const STEP_SECONDS = 30;

type Ledger = Record<string, number>;

const readLedger = (): Ledger => {
  try {
    return JSON.parse(readFileSync(LEDGER, 'utf8')) as Ledger;
  } catch {
    return {};
  }
};

/** Starts the run's ledger afresh (the global setup, before its own sign-ins). */
export const resetTotpLedger = (): void => {
  mkdirSync(path.dirname(LEDGER), { recursive: true });
  writeFileSync(LEDGER, '{}');
};

/** A code of `totpKey` for a time step no earlier sign-in of this run used. */
export const freshTotpCode = async (totpKey: string): Promise<string> => {
  // The ledger names accounts by a digest of their key, never by the key.
  const account = createHash('sha256').update(totpKey).digest('hex').slice(0, 16);
  const ledger = readLedger();
  const now = Math.floor(Date.now() / 1000 / STEP_SECONDS);
  const step = Math.max(now, (ledger[account] ?? Number.NEGATIVE_INFINITY) + 1);
  writeFileSync(LEDGER, JSON.stringify({ ...readLedger(), [account]: step }));
  // Beyond the next step the server would refuse the code: wait until `step` is the next one.
  const acceptedFrom = (step - 1) * STEP_SECONDS * 1000;
  if (Date.now() < acceptedFrom) {
    await sleep(acceptedFrom - Date.now() + 250);
  }
  return generate({ secret: totpKey, epoch: step * STEP_SECONDS });
};
