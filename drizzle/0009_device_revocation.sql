ALTER TABLE "sync_clients" ADD COLUMN "label" text;--> statement-breakpoint
ALTER TABLE "sync_clients" ADD COLUMN "revoked_at" timestamp with time zone;