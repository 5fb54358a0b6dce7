CREATE TABLE "patients" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"mrn" text NOT NULL,
	"given_name" text NOT NULL,
	"middle_name" text,
	"family_name" text NOT NULL,
	"preferred_name" text,
	"date_of_birth" date NOT NULL,
	"sex_at_birth" text DEFAULT 'unknown' NOT NULL,
	"gender_identity" text,
	"pronouns" text,
	"phone_mobile" text,
	"phone_home" text,
	"email" text,
	"address_line1" text,
	"address_line2" text,
	"city" text,
	"region" text,
	"postal_code" text,
	"country" text,
	"preferred_language" text,
	"emergency_contact_name" text,
	"emergency_contact_relationship" text,
	"emergency_contact_phone" text,
	"insurance_payer" text,
	"insurance_member_id" text,
	"insurance_group_number" text,
	"archived_at" timestamp with time zone,
	"version" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_by" uuid,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "patients_practice_id_id_unique" UNIQUE("practice_id","id"),
	CONSTRAINT "patients_practice_id_mrn_unique" UNIQUE("practice_id","mrn"),
	CONSTRAINT "patients_sex_at_birth_valid" CHECK ("patients"."sex_at_birth" in ('female', 'male', 'intersex', 'unknown'))
);
--> statement-breakpoint
CREATE TABLE "change_log" (
	"practice_id" uuid NOT NULL,
	"table_name" text NOT NULL,
	"row_id" uuid NOT NULL,
	"version" bigint NOT NULL,
	"op" text NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "change_log_pkey" PRIMARY KEY("practice_id","table_name","row_id"),
	CONSTRAINT "change_log_op_valid" CHECK ("change_log"."op" in ('put', 'remove'))
);
--> statement-breakpoint
CREATE TABLE "conflicts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"entity_table" text NOT NULL,
	"entity_id" uuid,
	"reason" text NOT NULL,
	"mutation_name" text NOT NULL,
	"client_id" uuid,
	"mutation_id" bigint,
	"author_user_id" uuid NOT NULL,
	"mine" jsonb NOT NULL,
	"theirs" jsonb,
	"base" jsonb,
	"error" jsonb,
	"status" text DEFAULT 'open' NOT NULL,
	"resolution" text,
	"resolved_by" uuid,
	"resolved_at" timestamp with time zone,
	"version" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_by" uuid,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "conflicts_status_valid" CHECK ("conflicts"."status" in ('open', 'resolved')),
	CONSTRAINT "conflicts_resolution_valid" CHECK ("conflicts"."resolution" is null or "conflicts"."resolution" in ('keep_mine', 'keep_theirs', 'merged', 'dismissed')),
	CONSTRAINT "conflicts_resolved_matches_status" CHECK (("conflicts"."status" = 'resolved') = ("conflicts"."resolved_at" is not null and "conflicts"."resolution" is not null))
);
--> statement-breakpoint
CREATE TABLE "sync_clients" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"last_mutation_id" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_push_at" timestamp with time zone,
	"last_pull_at" timestamp with time zone,
	"served_scopes" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sync_mutation_outcomes" (
	"client_id" uuid NOT NULL,
	"mutation_id" bigint NOT NULL,
	"digest" text NOT NULL,
	"result" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sync_mutation_outcomes_pkey" PRIMARY KEY("client_id","mutation_id")
);
--> statement-breakpoint
ALTER TABLE "practices" ADD COLUMN "sync_horizon" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "practices" ADD COLUMN "mrn_seq" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "patients" ADD CONSTRAINT "patients_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_log" ADD CONSTRAINT "change_log_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conflicts" ADD CONSTRAINT "conflicts_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_clients" ADD CONSTRAINT "sync_clients_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_mutation_outcomes" ADD CONSTRAINT "sync_mutation_outcomes_client_id_sync_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."sync_clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "patients_practice_id_version_idx" ON "patients" USING btree ("practice_id","version");--> statement-breakpoint
CREATE INDEX "patients_practice_id_family_name_idx" ON "patients" USING btree ("practice_id",lower("family_name"),lower("given_name"));--> statement-breakpoint
CREATE INDEX "patients_practice_id_date_of_birth_idx" ON "patients" USING btree ("practice_id","date_of_birth");--> statement-breakpoint
CREATE INDEX "change_log_practice_id_version_idx" ON "change_log" USING btree ("practice_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "conflicts_client_id_mutation_id_unique" ON "conflicts" USING btree ("client_id","mutation_id");--> statement-breakpoint
CREATE INDEX "conflicts_practice_id_version_idx" ON "conflicts" USING btree ("practice_id","version");--> statement-breakpoint
CREATE INDEX "conflicts_practice_id_status_idx" ON "conflicts" USING btree ("practice_id","status");--> statement-breakpoint
CREATE INDEX "sync_clients_user_id_idx" ON "sync_clients" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sync_mutation_outcomes_created_at_idx" ON "sync_mutation_outcomes" USING btree ("created_at");--> statement-breakpoint
-- Hand-written below the generated part (docs/decisions/0010-sync-engine.md).
-- Tenant tables of the sync engine: RLS enabled and FORCE'd on practice_id like every tenant table.
ALTER TABLE public.patients ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.patients FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY patients_tenant_isolation ON public.patients
  FOR ALL
  USING (practice_id = ANY (public.app_practice_ids()))
  WITH CHECK (practice_id = ANY (public.app_practice_ids()));
--> statement-breakpoint
-- Patients are tombstoned, never deleted, while a device might still hold them (DESIGN §4).
REVOKE DELETE ON public.patients FROM openpractice_app;
--> statement-breakpoint
ALTER TABLE public.conflicts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.conflicts FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY conflicts_tenant_isolation ON public.conflicts
  FOR ALL
  USING (practice_id = ANY (public.app_practice_ids()))
  WITH CHECK (practice_id = ANY (public.app_practice_ids()));
--> statement-breakpoint
REVOKE DELETE ON public.conflicts FROM openpractice_app;
--> statement-breakpoint
ALTER TABLE public.change_log ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.change_log FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY change_log_tenant_isolation ON public.change_log
  FOR ALL
  USING (practice_id = ANY (public.app_practice_ids()))
  WITH CHECK (practice_id = ANY (public.app_practice_ids()));
--> statement-breakpoint
-- Only the retention sweep (a system job on the owner connection) removes change log entries.
REVOKE DELETE ON public.change_log FROM openpractice_app;
--> statement-breakpoint
-- A replica's bookkeeping belongs to its user: no practice_id, scoped by app_user_id().
ALTER TABLE public.sync_clients ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.sync_clients FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY sync_clients_own ON public.sync_clients
  FOR ALL
  USING (user_id = public.app_user_id())
  WITH CHECK (user_id = public.app_user_id());
--> statement-breakpoint
ALTER TABLE public.sync_mutation_outcomes ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.sync_mutation_outcomes FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY sync_mutation_outcomes_own ON public.sync_mutation_outcomes
  FOR ALL
  USING (client_id IN (SELECT id FROM public.sync_clients WHERE user_id = public.app_user_id()))
  WITH CHECK (client_id IN (SELECT id FROM public.sync_clients WHERE user_id = public.app_user_id()));
