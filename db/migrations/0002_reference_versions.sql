CREATE TABLE "reference_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"version" integer NOT NULL,
	"snapshot" jsonb NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" text NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE UNIQUE INDEX "reference_versions_kind_version_idx" ON "reference_versions" USING btree ("kind","version");