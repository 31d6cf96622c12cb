CREATE TABLE "quality_reviews" (
	"id" serial PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"seq" integer NOT NULL,
	"unit" text,
	"codes" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"reason" text,
	"reviewer_id" text,
	"created_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "reply_fingerprints" (
	"order_id" text NOT NULL,
	"seq" integer NOT NULL,
	"unit" text NOT NULL,
	"fingerprint" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "reply_fingerprints_order_id_seq_pk" PRIMARY KEY("order_id","seq")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "quality_reviews_order_seq_idx" ON "quality_reviews" USING btree ("order_id","seq");--> statement-breakpoint
CREATE INDEX "quality_reviews_status_idx" ON "quality_reviews" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "reply_fingerprints_unit_idx" ON "reply_fingerprints" USING btree ("unit","at");