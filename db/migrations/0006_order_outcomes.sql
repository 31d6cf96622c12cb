CREATE TABLE "order_outcomes" (
	"order_id" text NOT NULL,
	"seq" integer NOT NULL,
	"name" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"unit" text,
	"category" text,
	"value" bigint NOT NULL,
	"rating_seq" integer,
	CONSTRAINT "order_outcomes_order_id_seq_name_pk" PRIMARY KEY("order_id","seq","name")
);
--> statement-breakpoint
CREATE INDEX "order_outcomes_at_idx" ON "order_outcomes" USING btree ("at");