CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"subscriber" text NOT NULL,
	"order_id" text NOT NULL,
	"seq" integer NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "unit_notices" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"unit" text NOT NULL,
	"order_id" text NOT NULL,
	"seq" integer NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_subscriber_event_idx" ON "outbox" USING btree ("subscriber","order_id","seq");--> statement-breakpoint
CREATE INDEX "outbox_pending_idx" ON "outbox" USING btree ("subscriber","id") WHERE "outbox"."delivered_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "unit_notices_event_unit_idx" ON "unit_notices" USING btree ("order_id","seq","unit");--> statement-breakpoint
CREATE INDEX "unit_notices_unit_idx" ON "unit_notices" USING btree ("unit","id");