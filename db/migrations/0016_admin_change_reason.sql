ALTER TABLE "reference_versions" ADD COLUMN "reason" text;--> statement-breakpoint
ALTER TABLE "sla_policies" ADD COLUMN "reason" text;