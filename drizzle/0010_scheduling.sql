CREATE TABLE "appointment_series" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"provider_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"room_id" uuid,
	"type_id" uuid NOT NULL,
	"rule" text NOT NULL,
	"start_date" date NOT NULL,
	"start_time" text NOT NULL,
	"duration_minutes" integer NOT NULL,
	"time_zone" text NOT NULL,
	"exception_dates" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"notes" text,
	"version" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_by" uuid,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "appointment_series_practice_id_id_unique" UNIQUE("practice_id","id"),
	CONSTRAINT "appointment_series_start_time_format" CHECK ("appointment_series"."start_time" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
	CONSTRAINT "appointment_series_duration_range" CHECK ("appointment_series"."duration_minutes" between 5 and 480)
);
--> statement-breakpoint
CREATE TABLE "appointment_types" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"name" text NOT NULL,
	"duration_minutes" integer NOT NULL,
	"colour" text NOT NULL,
	"needs_room" boolean DEFAULT false NOT NULL,
	"buffer_before_minutes" integer DEFAULT 0 NOT NULL,
	"buffer_after_minutes" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_by" uuid,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "appointment_types_practice_id_id_unique" UNIQUE("practice_id","id"),
	CONSTRAINT "appointment_types_colour_format" CHECK ("appointment_types"."colour" ~ '^#[0-9a-f]{6}$'),
	CONSTRAINT "appointment_types_duration_range" CHECK ("appointment_types"."duration_minutes" between 5 and 480),
	CONSTRAINT "appointment_types_buffers_range" CHECK ("appointment_types"."buffer_before_minutes" between 0 and 120 and "appointment_types"."buffer_after_minutes" between 0 and 120)
);
--> statement-breakpoint
CREATE TABLE "appointments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"provider_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"room_id" uuid,
	"type_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'booked' NOT NULL,
	"cancel_reason" text,
	"notes" text,
	"out_of_hours_reason" text,
	"series_id" uuid,
	"occurrence_date" date,
	"detached" boolean DEFAULT false NOT NULL,
	"checked_in_at" timestamp with time zone,
	"in_room_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"version" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_by" uuid,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "appointments_practice_id_id_unique" UNIQUE("practice_id","id"),
	CONSTRAINT "appointments_status_valid" CHECK ("appointments"."status" in ('booked', 'confirmed', 'checked_in', 'in_room', 'completed', 'cancelled', 'no_show')),
	CONSTRAINT "appointments_times" CHECK ("appointments"."starts_at" < "appointments"."ends_at"),
	CONSTRAINT "appointments_cancel_reason" CHECK (("appointments"."status" = 'cancelled') = ("appointments"."cancel_reason" is not null)),
	CONSTRAINT "appointments_series_occurrence" CHECK (("appointments"."series_id" is null) = ("appointments"."occurrence_date" is null))
);
--> statement-breakpoint
CREATE TABLE "holidays" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"location_id" uuid,
	"date" date NOT NULL,
	"name" text NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_by" uuid,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "providers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"display_name" text NOT NULL,
	"colour" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_by" uuid,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "providers_practice_id_id_unique" UNIQUE("practice_id","id"),
	CONSTRAINT "providers_practice_id_user_id_unique" UNIQUE("practice_id","user_id"),
	CONSTRAINT "providers_colour_format" CHECK ("providers"."colour" ~ '^#[0-9a-f]{6}$')
);
--> statement-breakpoint
CREATE TABLE "rooms" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"name" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_by" uuid,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "rooms_practice_id_id_unique" UNIQUE("practice_id","id")
);
--> statement-breakpoint
CREATE TABLE "schedule_exceptions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"provider_id" uuid NOT NULL,
	"location_id" uuid,
	"date" date NOT NULL,
	"kind" text NOT NULL,
	"start_time" text,
	"end_time" text,
	"note" text,
	"version" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_by" uuid,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "schedule_exceptions_kind_valid" CHECK ("schedule_exceptions"."kind" in ('time_off', 'extra_hours')),
	CONSTRAINT "schedule_exceptions_times" CHECK (("schedule_exceptions"."start_time" is null and "schedule_exceptions"."end_time" is null and "schedule_exceptions"."kind" = 'time_off') or ("schedule_exceptions"."start_time" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' and "schedule_exceptions"."end_time" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' and "schedule_exceptions"."start_time" < "schedule_exceptions"."end_time"))
);
--> statement-breakpoint
CREATE TABLE "waitlist_entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"type_id" uuid NOT NULL,
	"provider_id" uuid,
	"location_id" uuid,
	"earliest_date" date NOT NULL,
	"latest_date" date,
	"time_of_day" text DEFAULT 'any' NOT NULL,
	"note" text,
	"status" text DEFAULT 'waiting' NOT NULL,
	"appointment_id" uuid,
	"version" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_by" uuid,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "waitlist_entries_status_valid" CHECK ("waitlist_entries"."status" in ('waiting', 'booked', 'removed')),
	CONSTRAINT "waitlist_entries_time_of_day_valid" CHECK ("waitlist_entries"."time_of_day" in ('any', 'morning', 'afternoon', 'evening')),
	CONSTRAINT "waitlist_entries_dates" CHECK ("waitlist_entries"."latest_date" is null or "waitlist_entries"."earliest_date" <= "waitlist_entries"."latest_date")
);
--> statement-breakpoint
CREATE TABLE "working_hours" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"provider_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"weekday" smallint NOT NULL,
	"start_time" text NOT NULL,
	"end_time" text NOT NULL,
	"valid_from" date,
	"valid_until" date,
	"version" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_by" uuid,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "working_hours_weekday_range" CHECK ("working_hours"."weekday" between 1 and 7),
	CONSTRAINT "working_hours_times" CHECK ("working_hours"."start_time" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' and "working_hours"."end_time" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' and "working_hours"."start_time" < "working_hours"."end_time"),
	CONSTRAINT "working_hours_validity" CHECK ("working_hours"."valid_from" is null or "working_hours"."valid_until" is null or "working_hours"."valid_from" <= "working_hours"."valid_until")
);
--> statement-breakpoint
ALTER TABLE "appointment_series" ADD CONSTRAINT "appointment_series_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_series" ADD CONSTRAINT "appointment_series_patient_fk" FOREIGN KEY ("practice_id","patient_id") REFERENCES "public"."patients"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_series" ADD CONSTRAINT "appointment_series_provider_fk" FOREIGN KEY ("practice_id","provider_id") REFERENCES "public"."providers"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_series" ADD CONSTRAINT "appointment_series_location_fk" FOREIGN KEY ("practice_id","location_id") REFERENCES "public"."locations"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_series" ADD CONSTRAINT "appointment_series_room_fk" FOREIGN KEY ("practice_id","room_id") REFERENCES "public"."rooms"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_series" ADD CONSTRAINT "appointment_series_type_fk" FOREIGN KEY ("practice_id","type_id") REFERENCES "public"."appointment_types"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointment_types" ADD CONSTRAINT "appointment_types_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_patient_fk" FOREIGN KEY ("practice_id","patient_id") REFERENCES "public"."patients"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_provider_fk" FOREIGN KEY ("practice_id","provider_id") REFERENCES "public"."providers"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_location_fk" FOREIGN KEY ("practice_id","location_id") REFERENCES "public"."locations"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_room_fk" FOREIGN KEY ("practice_id","room_id") REFERENCES "public"."rooms"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_type_fk" FOREIGN KEY ("practice_id","type_id") REFERENCES "public"."appointment_types"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_series_fk" FOREIGN KEY ("practice_id","series_id") REFERENCES "public"."appointment_series"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "holidays" ADD CONSTRAINT "holidays_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "holidays" ADD CONSTRAINT "holidays_location_fk" FOREIGN KEY ("practice_id","location_id") REFERENCES "public"."locations"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "providers" ADD CONSTRAINT "providers_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "providers" ADD CONSTRAINT "providers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rooms" ADD CONSTRAINT "rooms_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rooms" ADD CONSTRAINT "rooms_location_fk" FOREIGN KEY ("practice_id","location_id") REFERENCES "public"."locations"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_exceptions" ADD CONSTRAINT "schedule_exceptions_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_exceptions" ADD CONSTRAINT "schedule_exceptions_provider_fk" FOREIGN KEY ("practice_id","provider_id") REFERENCES "public"."providers"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_exceptions" ADD CONSTRAINT "schedule_exceptions_location_fk" FOREIGN KEY ("practice_id","location_id") REFERENCES "public"."locations"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waitlist_entries" ADD CONSTRAINT "waitlist_entries_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waitlist_entries" ADD CONSTRAINT "waitlist_entries_patient_fk" FOREIGN KEY ("practice_id","patient_id") REFERENCES "public"."patients"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waitlist_entries" ADD CONSTRAINT "waitlist_entries_type_fk" FOREIGN KEY ("practice_id","type_id") REFERENCES "public"."appointment_types"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waitlist_entries" ADD CONSTRAINT "waitlist_entries_provider_fk" FOREIGN KEY ("practice_id","provider_id") REFERENCES "public"."providers"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waitlist_entries" ADD CONSTRAINT "waitlist_entries_location_fk" FOREIGN KEY ("practice_id","location_id") REFERENCES "public"."locations"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "working_hours" ADD CONSTRAINT "working_hours_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "working_hours" ADD CONSTRAINT "working_hours_provider_fk" FOREIGN KEY ("practice_id","provider_id") REFERENCES "public"."providers"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "working_hours" ADD CONSTRAINT "working_hours_location_fk" FOREIGN KEY ("practice_id","location_id") REFERENCES "public"."locations"("practice_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "appointment_series_practice_id_version_idx" ON "appointment_series" USING btree ("practice_id","version");--> statement-breakpoint
CREATE INDEX "appointment_types_practice_id_version_idx" ON "appointment_types" USING btree ("practice_id","version");--> statement-breakpoint
CREATE INDEX "appointments_practice_id_version_idx" ON "appointments" USING btree ("practice_id","version");--> statement-breakpoint
CREATE INDEX "appointments_practice_id_provider_id_starts_at_idx" ON "appointments" USING btree ("practice_id","provider_id","starts_at");--> statement-breakpoint
CREATE INDEX "appointments_practice_id_patient_id_idx" ON "appointments" USING btree ("practice_id","patient_id");--> statement-breakpoint
CREATE UNIQUE INDEX "appointments_series_occurrence_unique" ON "appointments" USING btree ("series_id","occurrence_date") WHERE "appointments"."series_id" is not null;--> statement-breakpoint
CREATE INDEX "holidays_practice_id_version_idx" ON "holidays" USING btree ("practice_id","version");--> statement-breakpoint
CREATE INDEX "providers_practice_id_version_idx" ON "providers" USING btree ("practice_id","version");--> statement-breakpoint
CREATE INDEX "rooms_practice_id_version_idx" ON "rooms" USING btree ("practice_id","version");--> statement-breakpoint
CREATE INDEX "schedule_exceptions_practice_id_version_idx" ON "schedule_exceptions" USING btree ("practice_id","version");--> statement-breakpoint
CREATE INDEX "waitlist_entries_practice_id_version_idx" ON "waitlist_entries" USING btree ("practice_id","version");--> statement-breakpoint
CREATE INDEX "working_hours_practice_id_version_idx" ON "working_hours" USING btree ("practice_id","version");--> statement-breakpoint

-- Hand-written below (drizzle-kit has no syntax for these).

-- No double booking (issue #7 §3): an active appointment (not cancelled, not a no-show, not
-- deleted) of a provider, or of a room, never overlaps another. Half-open ranges: back-to-back
-- appointments touch without overlapping. btree_gist lets the uuid columns join the GiST index.
CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint
ALTER TABLE public.appointments ADD CONSTRAINT appointments_provider_no_overlap
  EXCLUDE USING gist (practice_id WITH =, provider_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
  WHERE (deleted_at IS NULL AND status NOT IN ('cancelled', 'no_show'));
--> statement-breakpoint
ALTER TABLE public.appointments ADD CONSTRAINT appointments_room_no_overlap
  EXCLUDE USING gist (practice_id WITH =, room_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
  WHERE (room_id IS NOT NULL AND deleted_at IS NULL AND status NOT IN ('cancelled', 'no_show'));
--> statement-breakpoint

-- Tenant isolation, as for every tenant table (drizzle/0001_rls_baseline.sql). Rows are
-- tombstoned, never deleted, while a device might still hold them (DESIGN §4).
ALTER TABLE public.rooms ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.rooms FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY rooms_tenant_isolation ON public.rooms
  FOR ALL
  USING (practice_id = ANY (public.app_practice_ids()))
  WITH CHECK (practice_id = ANY (public.app_practice_ids()));
--> statement-breakpoint
REVOKE DELETE ON public.rooms FROM openpractice_app;
--> statement-breakpoint
ALTER TABLE public.providers ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.providers FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY providers_tenant_isolation ON public.providers
  FOR ALL
  USING (practice_id = ANY (public.app_practice_ids()))
  WITH CHECK (practice_id = ANY (public.app_practice_ids()));
--> statement-breakpoint
REVOKE DELETE ON public.providers FROM openpractice_app;
--> statement-breakpoint
ALTER TABLE public.appointment_types ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.appointment_types FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY appointment_types_tenant_isolation ON public.appointment_types
  FOR ALL
  USING (practice_id = ANY (public.app_practice_ids()))
  WITH CHECK (practice_id = ANY (public.app_practice_ids()));
--> statement-breakpoint
REVOKE DELETE ON public.appointment_types FROM openpractice_app;
--> statement-breakpoint
ALTER TABLE public.working_hours ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.working_hours FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY working_hours_tenant_isolation ON public.working_hours
  FOR ALL
  USING (practice_id = ANY (public.app_practice_ids()))
  WITH CHECK (practice_id = ANY (public.app_practice_ids()));
--> statement-breakpoint
REVOKE DELETE ON public.working_hours FROM openpractice_app;
--> statement-breakpoint
ALTER TABLE public.schedule_exceptions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.schedule_exceptions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY schedule_exceptions_tenant_isolation ON public.schedule_exceptions
  FOR ALL
  USING (practice_id = ANY (public.app_practice_ids()))
  WITH CHECK (practice_id = ANY (public.app_practice_ids()));
--> statement-breakpoint
REVOKE DELETE ON public.schedule_exceptions FROM openpractice_app;
--> statement-breakpoint
ALTER TABLE public.holidays ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.holidays FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY holidays_tenant_isolation ON public.holidays
  FOR ALL
  USING (practice_id = ANY (public.app_practice_ids()))
  WITH CHECK (practice_id = ANY (public.app_practice_ids()));
--> statement-breakpoint
REVOKE DELETE ON public.holidays FROM openpractice_app;
--> statement-breakpoint
ALTER TABLE public.appointment_series ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.appointment_series FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY appointment_series_tenant_isolation ON public.appointment_series
  FOR ALL
  USING (practice_id = ANY (public.app_practice_ids()))
  WITH CHECK (practice_id = ANY (public.app_practice_ids()));
--> statement-breakpoint
REVOKE DELETE ON public.appointment_series FROM openpractice_app;
--> statement-breakpoint
ALTER TABLE public.appointments ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.appointments FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY appointments_tenant_isolation ON public.appointments
  FOR ALL
  USING (practice_id = ANY (public.app_practice_ids()))
  WITH CHECK (practice_id = ANY (public.app_practice_ids()));
--> statement-breakpoint
REVOKE DELETE ON public.appointments FROM openpractice_app;
--> statement-breakpoint
ALTER TABLE public.waitlist_entries ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE public.waitlist_entries FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY waitlist_entries_tenant_isolation ON public.waitlist_entries
  FOR ALL
  USING (practice_id = ANY (public.app_practice_ids()))
  WITH CHECK (practice_id = ANY (public.app_practice_ids()));
--> statement-breakpoint
REVOKE DELETE ON public.waitlist_entries FROM openpractice_app;
--> statement-breakpoint
-- Locations start syncing with this release: existing ones get their change log entry, so the
-- next pull of every replica brings them (their versions were allocated when they were written).
INSERT INTO public.change_log (practice_id, table_name, row_id, version, op)
  SELECT practice_id, 'locations', id, version, CASE WHEN deleted_at IS NULL THEN 'put' ELSE 'remove' END FROM public.locations
  ON CONFLICT DO NOTHING;
