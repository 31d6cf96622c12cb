CREATE TABLE "topic_orders" (
	"topic_id" integer NOT NULL,
	"order_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "topics" (
	"id" serial PRIMARY KEY NOT NULL,
	"category" text NOT NULL,
	"district" text NOT NULL,
	"address" text NOT NULL,
	"owner_unit" text NOT NULL,
	"target_date" date NOT NULL,
	"reason" text NOT NULL,
	"opened_by" text NOT NULL,
	"opened_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "topic_orders" ADD CONSTRAINT "topic_orders_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topics" ADD CONSTRAINT "topics_owner_unit_units_code_fk" FOREIGN KEY ("owner_unit") REFERENCES "public"."units"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "topic_orders_order_idx" ON "topic_orders" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "topic_orders_topic_idx" ON "topic_orders" USING btree ("topic_id");