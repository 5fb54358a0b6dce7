// npm test – the whole suite: lint, typecheck, unit, integration on both databases, build, end-to-end.
import { spawnSync } from 'node:child_process';
import { ensureBuild } from './lib/build';

type Step = { name: string; run: () => boolean | 'skipped' };

const projectDir = process.cwd();

const sh = (command: string, args: string[], env: Record<string, string> = {}): boolean =>
  spawnSync(command, args, { stdio: 'inherit', cwd: projectDir, env: { ...process.env, ...env } }).status === 0;

const npx = (args: string[], env?: Record<string, string>): boolean => sh('npx', ['--no-install', ...args], env);

const postgresUrl = process.env.TEST_DATABASE_URL;

const steps: Step[] = [
  { name: 'lint', run: () => npx(['eslint', '--max-warnings', '0', '.']) },
  { name: 'typecheck', run: () => npx(['tsc', '--noEmit', '-p', 'tsconfig.typecheck.json']) },
  { name: 'unit', run: () => npx(['vitest', 'run', '--project', 'unit']) },
  {
    name: 'integration (PGlite)',
    run: () => npx(['vitest', 'run', '--project', 'integration'], { TEST_DB_DRIVER: 'pglite' }),
  },
  {
    name: 'integration (PostgreSQL)',
    run: () =>
      postgresUrl === undefined
        ? 'skipped'
        : npx(['vitest', 'run', '--project', 'integration'], { TEST_DB_DRIVER: 'postgres' }),
  },
  // The device database in real Chromium (src/lib/local/browser); it bundles its own worker.
  { name: 'browser (Chromium)', run: () => npx(['vitest', 'run', '--project', 'browser']) },
  // The same `.next` that `npm start` serves: skipped when it was built from these very sources.
  // The local database worker first: it lands in public/, an input of the build's fingerprint.
  // ensureBuild then writes the service worker (public/sw.js) for the build.
  {
    name: 'build',
    run: () => npx(['tsx', 'scripts/build-local-db.ts']) && ensureBuild(projectDir, (line) => console.log(line)),
  },
  { name: 'end-to-end (Chromium)', run: () => npx(['vitest', 'run', '--project', 'e2e']) },
];

const results: { name: string; outcome: 'passed' | 'failed' | 'skipped'; seconds: number }[] = [];
for (const step of steps) {
  console.log(`\n━━ ${step.name} ━━`);
  const started = Date.now();
  // After a failed build there is nothing for the browser to test.
  const blocked = step.name.startsWith('end-to-end') && results.some((r) => r.name === 'build' && r.outcome === 'failed');
  const outcome = blocked ? 'skipped' : step.run();
  results.push({
    name: step.name,
    outcome: outcome === 'skipped' ? 'skipped' : outcome ? 'passed' : 'failed',
    seconds: Math.round((Date.now() - started) / 1000),
  });
}

console.log('\n━━ summary ━━');
for (const r of results) {
  console.log(`  ${r.outcome.padEnd(8)} ${r.name} (${r.seconds}s)`);
}
if (postgresUrl === undefined) {
  console.log('  (set TEST_DATABASE_URL to a local PostgreSQL server to run the integration tests there too)');
}
const count = (outcome: string) => results.filter((r) => r.outcome === outcome).length;
console.log(`steps: ${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped`);
process.exit(count('failed') > 0 ? 1 : 0);
