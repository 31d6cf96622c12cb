CREATE TABLE "knowledge_gaps" (
	"id" serial PRIMARY KEY NOT NULL,
	"order_id" text,
	"question" text NOT NULL,
	"category" text,
	"unit" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"article_code" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "knowledge_gaps" ADD CONSTRAINT "knowledge_gaps_unit_units_code_fk" FOREIGN KEY ("unit") REFERENCES "public"."units"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "knowledge_gaps_unit_idx" ON "knowledge_gaps" USING btree ("unit","status","id");