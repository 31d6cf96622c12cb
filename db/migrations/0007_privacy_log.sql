CREATE TABLE "privacy_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"order_id" text NOT NULL,
	"actor_role" text NOT NULL,
	"actor_id" text NOT NULL,
	"actor_unit" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX "privacy_log_kind_idx" ON "privacy_log" USING btree ("kind","id");--> statement-breakpoint
CREATE INDEX "privacy_log_order_idx" ON "privacy_log" USING btree ("order_id","id");--> statement-breakpoint
CREATE INDEX "privacy_log_actor_idx" ON "privacy_log" USING btree ("actor_id","id");--> statement-breakpoint
CREATE INDEX "orders_retention_idx" ON "orders" USING btree ("closed_at") WHERE "orders"."citizen" is not null and "orders"."closed_at" is not null;--> statement-breakpoint
-- The privacy log is append-only, like the audit trail: a record of who saw what is never edited.
CREATE OR REPLACE FUNCTION privacy_log_reject_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'privacy_log is append-only (% rejected)', TG_OP;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER privacy_log_append_only BEFORE UPDATE OR DELETE ON privacy_log
  FOR EACH ROW EXECUTE FUNCTION privacy_log_reject_change();
