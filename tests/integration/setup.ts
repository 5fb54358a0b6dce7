// Setup for every integration test file. Tests open their databases with createTestDatabase();
// the developer's database and data directory must be unreachable even by accident (through
// getConfig()/getDatabase()), so both are pointed away here.
import os from 'node:os';
import path from 'node:path';
import { resetConfigForTests } from '@/lib/config/env';

delete process.env.DATABASE_URL;
process.env.DATA_DIR = path.join(os.tmpdir(), `openpractice-test-${process.pid}`);
resetConfigForTests();
