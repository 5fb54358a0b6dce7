CREATE TABLE "appointment_action_tokens" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"appointment_id" uuid NOT NULL,
	"reminder_id" uuid,
	"action" text NOT NULL,
	"token_hash" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appointment_action_tokens_action_valid" CHECK ("appointment_action_tokens"."action" in ('confirm', 'cancel'))
);
--> statement-breakpoint
CREATE TABLE "appointment_reminders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"appointment_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 1 NOT NULL,
	"claim_id" uuid,
	"claimed_until" timestamp with time zone,
	"next_attempt_at" timestamp with time zone,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appointment_reminders_practice_id_id_unique" UNIQUE("practice_id","id"),
	CONSTRAINT "appointment_reminders_once" UNIQUE("practice_id","appointment_id","starts_at"),
	CONSTRAINT "appointment_reminders_status_valid" CHECK ("appointment_reminders"."status" in ('sending', 'sent', 'failed')),
	CONSTRAINT "appointment_reminders_sent_at" CHECK (("appointment_reminders"."status" = 'sent') = ("appointment_reminders"."sent_at" is not null)),
	CONSTRAINT "appointment_reminders_attempts" CHECK ("appointment_reminders"."attempts" >= 1)
);
--> statement-breakpoint
CREATE TABLE "calendar_feed_tokens" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"provider_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	CONSTRAINT "calendar_feed_tokens_revoked" CHECK (("calendar_feed_tokens"."revoked_at" is null) = ("calendar_feed_tokens"."revoked_by" is null))
);
--> statement-breakpoint
ALTER TABLE "appointment_action_tokens" ADD CONSTRAINT "appointment_action_tokens_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_action_tokens" ADD CONSTRAINT "appointment_action_tokens_appointment_fk" FOREIGN KEY ("practice_id","appointment_id") REFERENCES "public"."appointments"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_action_tokens" ADD CONSTRAINT "appointment_action_tokens_reminder_fk" FOREIGN KEY ("practice_id","reminder_id") REFERENCES "public"."appointment_reminders"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_reminders" ADD CONSTRAINT "appointment_reminders_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_reminders" ADD CONSTRAINT "appointment_reminders_appointment_fk" FOREIGN KEY ("practice_id","appointment_id") REFERENCES "public"."appointments"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_feed_tokens" ADD CONSTRAINT "calendar_feed_tokens_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_feed_tokens" ADD CONSTRAINT "calendar_feed_tokens_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_feed_tokens" ADD CONSTRAINT "calendar_feed_tokens_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_feed_tokens" ADD CONSTRAINT "calendar_feed_tokens_provider_fk" FOREIGN KEY ("practice_id","provider_id") REFERENCES "public"."providers"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "appointment_action_tokens_token_hash_unique" ON "appointment_action_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "appointment_action_tokens_appointment_idx" ON "appointment_action_tokens" USING btree ("practice_id","appointment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_feed_tokens_token_hash_unique" ON "calendar_feed_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_feed_tokens_live_unique" ON "calendar_feed_tokens" USING btree ("practice_id","provider_id") WHERE "calendar_feed_tokens"."revoked_at" is null;--> statement-breakpoint

-- The reminder job looks for active appointments starting soon across all practices every minute;
-- the scheduling indexes lead with practice and provider, so this one serves that scan alone
-- (src/lib/jobs/claim-due-reminders.ts). Partial: cancelled, past-stage and deleted rows never qualify.
CREATE INDEX appointments_reminder_due_idx ON public.appointments (starts_at)
  WHERE status IN ('booked', 'confirmed') AND deleted_at IS NULL;
--> statement-breakpoint

-- Tenant isolation, as for every tenant table (drizzle/0001_rls_baseline.sql). These tables are
-- server-only (never synced); their rows are history (what was sent, which link was used, which
-- feed secret existed), so the app role may not delete them.
ALTER TABLE public.appointment_reminders ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.appointment_reminders FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY appointment_reminders_tenant_isolation ON public.appointment_reminders
  FOR ALL
  USING (practice_id = ANY (public.app_practice_ids()))
  WITH CHECK (practice_id = ANY (public.app_practice_ids()));
--> statement-breakpoint
REVOKE DELETE ON public.appointment_reminders FROM openpractice_app;
--> statement-breakpoint
ALTER TABLE public.appointment_action_tokens ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.appointment_action_tokens FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY appointment_action_tokens_tenant_isolation ON public.appointment_action_tokens
  FOR ALL
  USING (practice_id = ANY (public.app_practice_ids()))
  WITH CHECK (practice_id = ANY (public.app_practice_ids()));
--> statement-breakpoint
REVOKE DELETE ON public.appointment_action_tokens FROM openpractice_app;
--> statement-breakpoint
ALTER TABLE public.calendar_feed_tokens ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.calendar_feed_tokens FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY calendar_feed_tokens_tenant_isolation ON public.calendar_feed_tokens
  FOR ALL
  USING (practice_id = ANY (public.app_practice_ids()))
  WITH CHECK (practice_id = ANY (public.app_practice_ids()));
--> statement-breakpoint
REVOKE DELETE ON public.calendar_feed_tokens FROM openpractice_app;
