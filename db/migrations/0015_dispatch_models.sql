CREATE TABLE "dispatch_models" (
	"version" text PRIMARY KEY NOT NULL,
	"trained_at" timestamp with time zone NOT NULL,
	"examples" integer NOT NULL,
	"metrics" jsonb NOT NULL,
	"model" jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX "dispatch_models_trained_idx" ON "dispatch_models" USING btree ("trained_at");