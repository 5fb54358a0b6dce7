CREATE TABLE "passkeys" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text,
	"public_key" text NOT NULL,
	"user_id" uuid NOT NULL,
	"credential_id" text NOT NULL,
	"counter" integer NOT NULL,
	"device_type" text NOT NULL,
	"backed_up" boolean NOT NULL,
	"transports" text,
	"created_at" timestamp with time zone DEFAULT now(),
	"aaguid" text,
	CONSTRAINT "passkeys_credential_id_unique" UNIQUE("credential_id")
);
--> statement-breakpoint
CREATE TABLE "practice_invitations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"email" text NOT NULL,
	"role" text NOT NULL,
	"token_hash" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"invited_by" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"accepted_at" timestamp with time zone,
	"accepted_by" uuid,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "practice_invitations_role_valid" CHECK ("practice_invitations"."role" in ('owner', 'admin', 'provider', 'nurse', 'front_desk', 'billing', 'auditor')),
	CONSTRAINT "practice_invitations_status_valid" CHECK ("practice_invitations"."status" in ('pending', 'accepted', 'revoked')),
	CONSTRAINT "practice_invitations_accepted_matches_status" CHECK (("practice_invitations"."status" = 'accepted') = ("practice_invitations"."accepted_at" is not null and "practice_invitations"."accepted_by" is not null)),
	CONSTRAINT "practice_invitations_revoked_matches_status" CHECK (("practice_invitations"."status" = 'revoked') = ("practice_invitations"."revoked_at" is not null)),
	CONSTRAINT "practice_invitations_email_lower" CHECK ("practice_invitations"."email" = lower("practice_invitations"."email"))
);
--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "reauthenticated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "passkeys" ADD CONSTRAINT "passkeys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_invitations" ADD CONSTRAINT "practice_invitations_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_invitations" ADD CONSTRAINT "practice_invitations_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_invitations" ADD CONSTRAINT "practice_invitations_accepted_by_users_id_fk" FOREIGN KEY ("accepted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "passkeys_user_id_idx" ON "passkeys" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "practice_invitations_token_hash_unique" ON "practice_invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "practice_invitations_pending_email_unique" ON "practice_invitations" USING btree ("practice_id","email") WHERE "practice_invitations"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "practice_invitations_practice_id_idx" ON "practice_invitations" USING btree ("practice_id","created_at");--> statement-breakpoint
-- Hand-written below the generated part (docs/decisions/0007-reauthentication-and-passkeys.md,
-- docs/decisions/0008-invitations.md).
-- Passkeys are credentials, like accounts and two_factors: out of the app role's reach entirely
-- (better-auth manages them on the owner connection).
REVOKE ALL ON public.passkeys FROM openpractice_app;
--> statement-breakpoint
-- practice_invitations is a tenant table: RLS enabled and FORCE'd like every table with practice_id.
ALTER TABLE public.practice_invitations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.practice_invitations FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY practice_invitations_select ON public.practice_invitations
  FOR SELECT
  USING (practice_id = ANY (public.app_practice_ids()));
--> statement-breakpoint
CREATE POLICY practice_invitations_insert ON public.practice_invitations
  FOR INSERT
  WITH CHECK (practice_id = ANY (public.app_practice_ids()));
--> statement-breakpoint
CREATE POLICY practice_invitations_update ON public.practice_invitations
  FOR UPDATE
  USING (practice_id = ANY (public.app_practice_ids()))
  WITH CHECK (practice_id = ANY (public.app_practice_ids()));
--> statement-breakpoint
-- Invitations are revoked or accepted, never deleted: they are part of the practice's history.
REVOKE DELETE ON public.practice_invitations FROM openpractice_app;
