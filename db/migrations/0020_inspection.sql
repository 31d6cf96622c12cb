CREATE TABLE "inspection_draws" (
	"id" serial PRIMARY KEY NOT NULL,
	"week" text NOT NULL,
	"seed" text NOT NULL,
	"population" jsonb NOT NULL,
	"sizes" jsonb NOT NULL,
	"policy_version" integer NOT NULL,
	"drawn_at" timestamp with time zone NOT NULL,
	CONSTRAINT "inspection_draws_week_unique" UNIQUE("week")
);
--> statement-breakpoint
CREATE TABLE "inspection_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"draw_id" integer NOT NULL,
	"kind" text NOT NULL,
	"order_id" text NOT NULL,
	"subject" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"scores" jsonb,
	"mean" double precision,
	"comment" text,
	"action" text,
	"follow_up_order_id" text,
	"inspector_id" text,
	"scored_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "supervision_cases" (
	"id" serial PRIMARY KEY NOT NULL,
	"unit" text NOT NULL,
	"order_id" text NOT NULL,
	"inspection_item_id" integer NOT NULL,
	"reason" text NOT NULL,
	"opened_by" text NOT NULL,
	"opened_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "inspection_items_draw_kind_order_idx" ON "inspection_items" USING btree ("draw_id","kind","order_id");--> statement-breakpoint
CREATE INDEX "inspection_items_status_idx" ON "inspection_items" USING btree ("status","id");