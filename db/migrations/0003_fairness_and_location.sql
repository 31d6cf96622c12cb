CREATE TABLE "rating_reviews" (
	"id" serial PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"visit_seq" integer NOT NULL,
	"requester_hash" text NOT NULL,
	"unit" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"reason" text,
	"reviewer_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "lat" double precision;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "lng" double precision;--> statement-breakpoint
CREATE UNIQUE INDEX "rating_reviews_order_visit_idx" ON "rating_reviews" USING btree ("order_id","visit_seq");--> statement-breakpoint
CREATE INDEX "rating_reviews_status_idx" ON "rating_reviews" USING btree ("status","id");