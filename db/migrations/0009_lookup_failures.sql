CREATE TABLE "lookup_failures" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"client" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "lookup_failures_order_idx" ON "lookup_failures" USING btree ("order_id","at");--> statement-breakpoint
CREATE INDEX "lookup_failures_client_idx" ON "lookup_failures" USING btree ("client","at");--> statement-breakpoint
CREATE INDEX "lookup_failures_at_idx" ON "lookup_failures" USING btree ("at");