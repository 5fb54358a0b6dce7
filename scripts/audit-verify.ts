// npm run audit:verify [-- --practice <id>|installation] – recomputes the audit hash chains and
// names the first broken entry of each; exits 1 when any chain is broken.
import { parseArgs } from 'node:util';
import { verifyAuditChains, type AuditChainReport } from '@/lib/audit/verify-audit';
import { ConfigError, getConfig } from '@/lib/config/env';
import { closeDatabase, databaseErrorMessage, getDatabase } from '@/lib/db/client';
import { getMigrationStatus } from '@/lib/db/migrate';

const chainName = (report: AuditChainReport): string =>
  report.practiceId === null ? 'installation' : `practice ${report.practiceId}`;

const describe = (report: AuditChainReport): string =>
  report.ok
    ? `✓ ${chainName(report)}: ${report.entries} ${report.entries === 1 ? 'entry' : 'entries'} intact`
    : `✖ ${chainName(report)}: broken at entry ${report.firstBrokenSeq} (${report.message})`;

const main = async (): Promise<void> => {
  const { values } = parseArgs({ options: { practice: { type: 'string' } } });
  const practiceId = values.practice === 'installation' ? null : values.practice;
  const config = getConfig();
  const database = await getDatabase();
  const status = await getMigrationStatus(database);
  if (status.pending.length > 0) {
    throw new Error(`the database has ${status.pending.length} pending migration(s); run npm run db:migrate first`);
  }
  const where = config.databaseUrl === undefined ? `PGlite in ${config.pgliteDir}` : 'PostgreSQL (DATABASE_URL)';
  console.log(`Verifying audit chains in ${where}…`);
  const reports = await verifyAuditChains(database, { practiceId });
  if (reports.length === 0) {
    console.log('No audit entries yet.');
  }
  for (const report of reports) {
    const line = describe(report);
    if (report.ok) {
      console.log(line);
    } else {
      console.error(line);
    }
  }
  if (reports.some((report) => !report.ok)) {
    process.exitCode = 1;
  }
};

main()
  .then(() => closeDatabase())
  .catch(async (error: unknown) => {
    const message =
      error instanceof ConfigError || error instanceof TypeError
        ? error.message
        : `Verification failed: ${databaseErrorMessage(error)}`;
    console.error(`✖ ${message}`);
    await closeDatabase().catch(() => undefined);
    process.exitCode = 1;
  });
