-- Row-level security baseline (DESIGN §4; docs/decisions/0002-database-roles-and-rls.md).
--
-- The app never queries tenant tables as the table owner: each request transaction runs
-- `SET LOCAL ROLE openpractice_app` and `set_config('app.practice_ids', ..., true)` (src/lib/db/tx.ts).
-- openpractice_app owns nothing and cannot bypass RLS, and RLS is FORCE'd, so a query that forgets
-- to scope by practice still only sees the actor's practices.
--
-- This file runs inside the migrator's transaction, both on PGlite (PostgreSQL in wasm, connected
-- as superuser `postgres`) and on PostgreSQL 15+ (possibly a managed service whose owner is not a
-- superuser). Every statement is separated by a breakpoint because PGlite's extended protocol
-- accepts one statement per query.

-- 1. The application role. Roles are cluster-global while this migration runs once per database,
--    and test runs migrate several databases of one cluster at the same time: create it only when
--    missing, and treat losing a concurrent race as success.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'openpractice_app') THEN
    BEGIN
      CREATE ROLE openpractice_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL; -- created meanwhile by a migration of another database on this cluster
    END;
  END IF;
  -- A pre-existing role with these attributes would silently defeat every policy: refuse.
  IF EXISTS (
    SELECT 1 FROM pg_catalog.pg_roles
    WHERE rolname = 'openpractice_app' AND (rolsuper OR rolbypassrls)
  ) THEN
    RAISE EXCEPTION 'role openpractice_app must be NOSUPERUSER NOBYPASSRLS';
  END IF;
END
$$;
--> statement-breakpoint

-- 2. Let the migrating/connecting user SET ROLE to openpractice_app. A superuser (PGlite, a local
--    server) may already SET ROLE to anything, so it is skipped there; on managed Postgres the
--    owner is an ordinary role and needs the membership.
DO $$
BEGIN
  IF NOT (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user)
     AND NOT pg_catalog.pg_has_role(current_user, 'openpractice_app', 'MEMBER') THEN
    BEGIN
      EXECUTE pg_catalog.format('GRANT openpractice_app TO %I', current_user);
    EXCEPTION WHEN unique_violation THEN
      NULL; -- granted meanwhile by a concurrent migration of another database
    END;
  END IF;
END
$$;
--> statement-breakpoint

-- 3. The practice scope of the current transaction as uuid[]. Every tenant policy calls this, so
--    the parsing rule lives in one place. Unset or empty setting → empty array → no rows (fail
--    closed); a malformed id raises an error instead of matching anything. Plain SQL, STABLE and
--    without SET clauses so the planner can inline it and still use indexes on practice_id.
CREATE OR REPLACE FUNCTION public.app_practice_ids() RETURNS uuid[]
  LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT COALESCE(
    pg_catalog.string_to_array(NULLIF(pg_catalog.current_setting('app.practice_ids', true), ''), ',')::uuid[],
    '{}'::uuid[]
  )
$$;
--> statement-breakpoint

-- The acting user of the current transaction, or null for system work (for audit and created_by).
CREATE OR REPLACE FUNCTION public.app_user_id() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT NULLIF(pg_catalog.current_setting('app.user_id', true), '')::uuid
$$;
--> statement-breakpoint

-- 4. Privileges: DML only, never ownership (an owner could disable RLS on its tables).
GRANT USAGE ON SCHEMA public TO openpractice_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO openpractice_app;
--> statement-breakpoint
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO openpractice_app;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.app_practice_ids(), public.app_user_id() TO openpractice_app;
--> statement-breakpoint
-- Tables created by later migrations (run by this same owner) get the same grants. Tables that
-- must be append-only (audit) REVOKE UPDATE, DELETE in their own migration.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO openpractice_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON SEQUENCES TO openpractice_app;
--> statement-breakpoint

-- 5. Tenant isolation. FORCE makes the policies apply to the table owner too (unless it is a
--    superuser or has BYPASSRLS). Policies apply to PUBLIC so that any role without BYPASSRLS is
--    scoped. Every later tenant table repeats this pattern on its practice_id column;
--    tests/integration/db/rls-catalog.test.ts fails when one does not.
ALTER TABLE public.practices ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.practices FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY practices_tenant_isolation ON public.practices
  FOR ALL
  USING (id = ANY (public.app_practice_ids()))
  WITH CHECK (id = ANY (public.app_practice_ids()));
--> statement-breakpoint
ALTER TABLE public.locations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.locations FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY locations_tenant_isolation ON public.locations
  FOR ALL
  USING (practice_id = ANY (public.app_practice_ids()))
  WITH CHECK (practice_id = ANY (public.app_practice_ids()));
