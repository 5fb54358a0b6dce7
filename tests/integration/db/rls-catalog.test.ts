import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '@/lib/db/client';
import { APP_ROLE } from '@/lib/db/tx';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

// The catalog, not the migration text, is the truth: these checks fail when a later migration adds a
// tenant table without FORCE'd row-level security, or gives the app role a way around it.
describe('row-level security catalog', () => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await createTestDatabase();
  });

  afterAll(async () => {
    await t.dispose();
  });

  it('every tenant table (and practices) has RLS enabled, forced, and a policy', async () => {
    const tables = await queryRows<{ name: string; enabled: boolean; forced: boolean; policies: number | string }>(
      t.database.db,
      sql`
        select c.relname as name, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
               (select count(*) from pg_catalog.pg_policy p where p.polrelid = c.oid) as policies
        from pg_catalog.pg_class c
        join pg_catalog.pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p')
          and (c.relname = 'practices' or exists (
            select 1 from pg_catalog.pg_attribute a
            where a.attrelid = c.oid and a.attname = 'practice_id' and not a.attisdropped))
        order by c.relname`,
    );
    expect(tables.map((table) => table.name)).toEqual(expect.arrayContaining(['locations', 'practices']));
    const unprotected = tables
      .filter((table) => !table.enabled || !table.forced || Number(table.policies) === 0)
      .map((table) => table.name);
    expect(unprotected, 'tenant tables without enabled + forced RLS and a policy').toEqual([]);
  });

  it(`${APP_ROLE} cannot bypass RLS, is no superuser and owns nothing`, async () => {
    const [role] = await queryRows<{ rolsuper: boolean; rolbypassrls: boolean; rolcanlogin: boolean }>(
      t.database.db,
      sql`select rolsuper, rolbypassrls, rolcanlogin from pg_catalog.pg_roles where rolname = ${APP_ROLE}`,
    );
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, rolcanlogin: false });

    const owned = await queryRows<{ relname: string }>(
      t.database.db,
      sql`select c.relname from pg_catalog.pg_class c
          join pg_catalog.pg_roles r on r.oid = c.relowner where r.rolname = ${APP_ROLE}`,
    );
    expect(owned).toEqual([]);

    // Membership in an owner's role would let it act as the owner (SET ROLE, ALTER TABLE … DISABLE RLS).
    const actsAsOwner = await queryRows<{ relname: string }>(
      t.database.db,
      sql`select c.relname from pg_catalog.pg_class c
          join pg_catalog.pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind in ('r', 'p')
            and pg_catalog.pg_has_role(${APP_ROLE}, c.relowner, 'MEMBER')`,
    );
    expect(actsAsOwner).toEqual([]);
  });

  it(`tables created by later migrations get DML grants for ${APP_ROLE}`, async () => {
    const { db } = t.database;
    await db.execute(sql`create table public.zz_later_table (id uuid primary key)`);
    try {
      const [grants] = await queryRows<{ can_select: boolean; can_delete: boolean }>(
        db,
        sql`select has_table_privilege(${APP_ROLE}, 'public.zz_later_table', 'SELECT') as can_select,
                   has_table_privilege(${APP_ROLE}, 'public.zz_later_table', 'DELETE') as can_delete`,
      );
      expect(grants).toEqual({ can_select: true, can_delete: true });
    } finally {
      await db.execute(sql`drop table public.zz_later_table`);
    }
  });
});
