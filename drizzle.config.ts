import { defineConfig } from 'drizzle-kit';

/*
 * drizzle-kit is used only to *generate* SQL migrations (`npm run db:generate`, or
 * `npx drizzle-kit generate --custom --name=...` for hand-written SQL such as RLS). Migrations are
 * applied by our own `npm run db:migrate` (src/lib/db/migrate.ts), which works for both PGlite and
 * PostgreSQL, so no credentials are configured here.
 */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/lib/db/schema/index.ts',
  out: './drizzle',
  strict: true,
  verbose: true,
});
