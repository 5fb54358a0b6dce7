-- Identity tables and practice memberships: privileges and row-level security
-- (docs/decisions/0006-identity-and-sessions.md).
--
-- users, sessions, accounts, verifications and two_factors belong to better-auth, which works on
-- the owner connection (outside withActor). They have no practice_id and no RLS: they are read to
-- compute a request's scope. The default privileges of 0001 gave openpractice_app full DML on them;
-- request code needs far less, so credentials (password hashes, TOTP secrets, pending challenges)
-- are taken out of its reach entirely.
REVOKE ALL ON public.accounts, public.verifications, public.two_factors FROM openpractice_app;
--> statement-breakpoint
-- Member lists show names and emails; sign-up and profile changes go through better-auth.
REVOKE INSERT, UPDATE, DELETE ON public.users FROM openpractice_app;
--> statement-breakpoint
-- Sessions may be listed and revoked (deactivation signs a member out), never created here.
REVOKE INSERT, UPDATE ON public.sessions FROM openpractice_app;
--> statement-breakpoint

-- practice_members is a tenant table: RLS enabled and FORCE'd like every table with practice_id.
ALTER TABLE public.practice_members ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.practice_members FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- Reading: the members of the practices in scope, and the acting user's own memberships in any
-- practice. The second arm is how a request's scope is computed: src/lib/api/session.ts runs as
-- the user with no practice in scope and reads their active memberships. It reveals nothing about
-- other users, and a membership alone opens no other table (their policies check practice_id).
CREATE POLICY practice_members_select ON public.practice_members
  FOR SELECT
  USING (practice_id = ANY (public.app_practice_ids()) OR user_id = public.app_user_id());
--> statement-breakpoint
-- Writing: only rows of the practices in scope (the domain layer checks the role's permission).
CREATE POLICY practice_members_insert ON public.practice_members
  FOR INSERT
  WITH CHECK (practice_id = ANY (public.app_practice_ids()));
--> statement-breakpoint
CREATE POLICY practice_members_update ON public.practice_members
  FOR UPDATE
  USING (practice_id = ANY (public.app_practice_ids()))
  WITH CHECK (practice_id = ANY (public.app_practice_ids()));
--> statement-breakpoint
CREATE POLICY practice_members_delete ON public.practice_members
  FOR DELETE
  USING (practice_id = ANY (public.app_practice_ids()));
