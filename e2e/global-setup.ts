import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startAppProcess, type AppProcess } from '../scripts/lib/app-process';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}

let app: AppProcess | undefined;

/** One real server for the end-to-end run; its output lands in e2e/artifacts/server.log. */
export const setup = async (project: TestProject): Promise<void> => {
  app = await startAppProcess({ logFile: path.resolve('e2e/artifacts/server.log') });
  project.provide('baseURL', app.baseURL);
};

export const teardown = async (): Promise<void> => {
  await app?.stop();
};
