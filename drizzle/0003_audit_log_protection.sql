-- Protection of the audit log (DESIGN §6 "Audit"; docs/decisions/0004-audit-log.md).
--
-- audit_log is append-only: rows are inserted by appendAudit() (src/lib/audit/append-audit.ts) and
-- never changed. Three layers, each for a different threat:
--   1. row-level security: the app role reads only its practices' entries and writes only entries of
--      its practices (or installation-level ones, practice_id null);
--   2. privileges: UPDATE, DELETE and TRUNCATE revoked from the app role (the default privileges of
--      0001_rls_baseline granted UPDATE and DELETE on every new table);
--   3. triggers that refuse UPDATE, DELETE and TRUNCATE from anyone, the owner included. A superuser
--      (or the owner) can still disable triggers on purpose; the hash chain and `npm run audit:verify`
--      exist to detect what happens then.
--
-- Runs inside the migrator's transaction on PGlite and PostgreSQL 15+; one statement per breakpoint.

-- 1. Row-level security, forced so it also binds the owner when it is not a superuser.
ALTER TABLE public.audit_log ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.audit_log FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- Installation entries (practice_id null) match no practice scope, so only the owner reads them.
CREATE POLICY audit_log_select ON public.audit_log
  FOR SELECT
  USING (practice_id = ANY (public.app_practice_ids()));
--> statement-breakpoint
-- A request may record installation events (a failed sign-in for an unknown email has no practice).
-- Such an INSERT must not use RETURNING: the returned row would have to pass the SELECT policy.
CREATE POLICY audit_log_insert ON public.audit_log
  FOR INSERT
  WITH CHECK (practice_id IS NULL OR practice_id = ANY (public.app_practice_ids()));
--> statement-breakpoint
-- The owner (the role running migrations; the connecting role of unsafeSystemTx) reads every chain:
-- the verifier walks all of them, and audit_chain_head() below runs as the owner. Without this, on a
-- managed PostgreSQL whose owner is no superuser, FORCE would hide the installation chain from both.
-- It grants nothing new in substance: an owner may disable row-level security on its own table.
CREATE POLICY audit_log_owner_select ON public.audit_log
  FOR SELECT
  TO CURRENT_USER
  USING (true);
--> statement-breakpoint

-- 2. No UPDATE or DELETE policy exists, and the privileges are gone too, so the app role gets
--    "permission denied" before any row is considered.
REVOKE UPDATE, DELETE, TRUNCATE ON public.audit_log FROM openpractice_app;
--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON public.audit_log FROM PUBLIC;
--> statement-breakpoint

-- 3. Append-only for everyone, the owner included.
CREATE OR REPLACE FUNCTION public.audit_log_append_only() RETURNS trigger
  LANGUAGE plpgsql
  SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only'
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'Audit entries are never changed or removed; record a correction as a new entry.';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update_delete
  BEFORE UPDATE OR DELETE ON public.audit_log
  FOR EACH ROW EXECUTE FUNCTION public.audit_log_append_only();
--> statement-breakpoint
-- TRUNCATE fires no row triggers; it needs its own statement trigger.
CREATE TRIGGER audit_log_no_truncate
  BEFORE TRUNCATE ON public.audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION public.audit_log_append_only();
--> statement-breakpoint

-- 4. The head (last seq and hash) of one chain, for appendAudit().
--
-- Why SECURITY DEFINER: appending needs the chain's last row, but the app role cannot SELECT
-- installation entries (practice_id null) under audit_log_select — and must not, since they span
-- practices. This function runs as its owner (the migration owner, who reads every chain through
-- superuser rights or audit_log_owner_select) and returns only (seq, hash): a counter and a digest,
-- no content. It answers only for chains the caller may append to — the installation chain and the
-- practices in the transaction's scope, as the INSERT policy allows — so it says nothing about
-- other practices. SET search_path pins name resolution, as a definer function must, so a caller
-- cannot redirect `audit_log` to an object of its own in another schema (or pg_temp).
CREATE OR REPLACE FUNCTION public.audit_chain_head(chain uuid)
  RETURNS TABLE (seq bigint, hash text)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp
AS $$
  SELECT a.seq, a.hash
  FROM public.audit_log AS a
  WHERE a.chain_id = chain
    AND (chain = '00000000-0000-0000-0000-000000000000'::uuid OR chain = ANY (public.app_practice_ids()))
  ORDER BY a.seq DESC
  LIMIT 1
$$;
--> statement-breakpoint
-- Functions are executable by PUBLIC by default; a definer function must name who may call it.
REVOKE ALL ON FUNCTION public.audit_chain_head(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.audit_chain_head(uuid) TO openpractice_app;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.audit_log_append_only() FROM PUBLIC;
