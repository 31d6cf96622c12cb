CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"seq" integer NOT NULL,
	"type" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_role" text NOT NULL,
	"actor_id" text NOT NULL,
	"actor_unit" text,
	"reason" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_years" (
	"year" integer PRIMARY KEY NOT NULL,
	"calendar" jsonb NOT NULL,
	"source" text NOT NULL,
	"provisional" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalogue_entries" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"lead_unit" text NOT NULL,
	"assisting_units" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"default_urgency" text NOT NULL,
	"handling_class" text NOT NULL,
	"handling_limit" jsonb
);
--> statement-breakpoint
CREATE TABLE "kb_articles" (
	"code" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"category" text NOT NULL,
	"keywords" jsonb NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"order_id" text PRIMARY KEY NOT NULL,
	"order_type" text NOT NULL,
	"channel" text NOT NULL,
	"category" text,
	"urgency" text NOT NULL,
	"state" text NOT NULL,
	"closure_code" text,
	"sla_state" text NOT NULL,
	"escalation_level" integer DEFAULT 0 NOT NULL,
	"lead_unit" text,
	"assisting_units" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"policy_version" integer NOT NULL,
	"requester_hash" text,
	"citizen" jsonb,
	"snapshot" jsonb NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"response_due_at" timestamp with time zone,
	"handling_due_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	"last_seq" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sla_policies" (
	"version" serial PRIMARY KEY NOT NULL,
	"policy" jsonb NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "units" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"parent_code" text,
	"is_backstop" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
ALTER TABLE "catalogue_entries" ADD CONSTRAINT "catalogue_entries_lead_unit_units_code_fk" FOREIGN KEY ("lead_unit") REFERENCES "public"."units"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_events_order_seq_idx" ON "audit_events" USING btree ("order_id","seq");--> statement-breakpoint
CREATE INDEX "audit_events_type_at_idx" ON "audit_events" USING btree ("type","at");--> statement-breakpoint
CREATE INDEX "orders_lead_unit_state_idx" ON "orders" USING btree ("lead_unit","state");--> statement-breakpoint
CREATE INDEX "orders_state_idx" ON "orders" USING btree ("state","received_at");--> statement-breakpoint
CREATE INDEX "orders_requester_idx" ON "orders" USING btree ("requester_hash","received_at");--> statement-breakpoint
CREATE INDEX "orders_received_idx" ON "orders" USING btree ("received_at","order_id");