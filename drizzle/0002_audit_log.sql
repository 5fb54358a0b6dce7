CREATE TABLE "audit_log" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid,
	"chain_id" uuid GENERATED ALWAYS AS (coalesce("practice_id", '00000000-0000-0000-0000-000000000000'::uuid)) STORED NOT NULL,
	"seq" bigint NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_user_id" uuid,
	"actor_label" text,
	"action" text NOT NULL,
	"severity" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"patient_id" uuid,
	"ip_address" text,
	"user_agent" text,
	"request_id" text,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "audit_log_chain_id_seq_unique" UNIQUE("chain_id","seq"),
	CONSTRAINT "audit_log_seq_positive" CHECK ("audit_log"."seq" >= 1),
	CONSTRAINT "audit_log_severity" CHECK ("audit_log"."severity" in ('info', 'notice', 'warning', 'high')),
	CONSTRAINT "audit_log_action_format" CHECK ("audit_log"."action" ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$'),
	CONSTRAINT "audit_log_hash_format" CHECK ("audit_log"."hash" ~ '^[0-9a-f]{64}$' and "audit_log"."prev_hash" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "audit_log_metadata_object" CHECK (jsonb_typeof("audit_log"."metadata") = 'object'),
	CONSTRAINT "audit_log_times_milliseconds" CHECK (date_trunc('milliseconds', "audit_log"."occurred_at") = "audit_log"."occurred_at" and date_trunc('milliseconds', "audit_log"."recorded_at") = "audit_log"."recorded_at")
);
--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_practice_id_occurred_at_idx" ON "audit_log" USING btree ("practice_id","occurred_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_log_practice_id_actor_user_id_idx" ON "audit_log" USING btree ("practice_id","actor_user_id","occurred_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_log_practice_id_patient_id_idx" ON "audit_log" USING btree ("practice_id","patient_id","occurred_at" DESC NULLS LAST);