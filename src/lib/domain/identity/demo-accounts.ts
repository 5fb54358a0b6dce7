import 'server-only';
import { symmetricEncrypt } from 'better-auth/crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Auth } from '@/lib/auth/auth';
import type { Database } from '@/lib/db/client';
import { twoFactors, users } from '@/lib/db/schema/auth';
import { practiceMembers } from '@/lib/db/schema/members';
import { appMeta } from '@/lib/db/schema/platform';
import { practices } from '@/lib/db/schema/practices';
import { DEMO_PRACTICES } from '@/lib/db/seed/demo';
import { unsafeSystemTx } from '@/lib/db/tx';
import { DEMO_ACCOUNTS, rawTotpSecret } from './demo-staff';

const MARKER = 'demo_accounts_seeded_at';

/**
 * Creates the demo staff once (recorded in app_meta, like the demo practices): the user and its
 * argon2id credential through better-auth, then a confirmed TOTP enrolment and memberships. Runs
 * after `seedDemoData`; returns false when it had already run.
 */
export const seedDemoAccounts = async (database: Database, auth: Auth, secret: string): Promise<boolean> => {
  const [done] = await database.db.select().from(appMeta).where(eq(appMeta.key, MARKER));
  if (done) {
    return false;
  }
  const practiceRows = await unsafeSystemTx(database, (tx) =>
    tx.select({ id: practices.id }).from(practices).where(inArray(practices.slug, DEMO_PRACTICES.map((p) => p.slug))),
  );
  for (const account of DEMO_ACCOUNTS) {
    const { user } = await auth.api.signUpEmail({
      body: { name: account.name, email: account.email, password: account.password },
    });
    const encryptedSecret = await symmetricEncrypt({ key: secret, data: rawTotpSecret(account.role) });
    // No backup codes for demo accounts: the TOTP key is printed instead.
    const backupCodes = await symmetricEncrypt({ key: secret, data: '[]' });
    await unsafeSystemTx(database, async (tx) => {
      await tx.insert(twoFactors).values({ id: uuidv7(), userId: user.id, secret: encryptedSecret, backupCodes, verified: true });
      await tx.update(users).set({ twoFactorEnabled: true }).where(eq(users.id, user.id));
      for (const practice of practiceRows) {
        await tx.execute(sql`select set_config('app.practice_ids', ${practice.id}, true)`);
        await tx.insert(practiceMembers).values({ practiceId: practice.id, userId: user.id, role: account.role });
      }
    });
  }
  await database.db.insert(appMeta).values({ key: MARKER, value: new Date().toISOString() });
  return true;
};
