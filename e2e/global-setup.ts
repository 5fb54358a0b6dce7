import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { DEMO_ACCOUNTS } from '@/lib/domain/identity/demo-staff';
import { startAppProcess, type AppProcess } from '../scripts/lib/app-process';
import { signInThroughApi, type SessionCookie } from './support/session';
import { resetTotpLedger } from './support/totp';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
    /** Session cookies of demo staff signed in once for the run, by role. */
    sessions: Record<string, SessionCookie[]>;
  }
}

let app: AppProcess | undefined;

/** One real server for the end-to-end run; its output lands in e2e/artifacts/server.log. */
export const setup = async (project: TestProject): Promise<void> => {
  app = await startAppProcess({ logFile: path.resolve('e2e/artifacts/server.log') });
  project.provide('baseURL', app.baseURL);
  resetTotpLedger();
  const sessions: Record<string, SessionCookie[]> = {};
  for (const account of DEMO_ACCOUNTS.filter((a) => ['owner', 'front_desk', 'nurse'].includes(a.role))) {
    sessions[account.role] = await signInThroughApi(app.baseURL, account);
  }
  project.provide('sessions', sessions);
};

export const teardown = async (): Promise<void> => {
  await app?.stop();
};
