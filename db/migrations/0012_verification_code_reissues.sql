CREATE TABLE "verification_code_reissues" (
	"order_id" text NOT NULL,
	"version" integer NOT NULL,
	"request_id" text NOT NULL,
	"actor_role" text NOT NULL,
	"actor_id" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "verification_code_reissues_order_id_version_pk" PRIMARY KEY("order_id","version")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "verification_code_reissues_request_idx" ON "verification_code_reissues" USING btree ("order_id","request_id");