CREATE TABLE "referral_channels" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"reply" text NOT NULL,
	"retired_at" timestamp with time zone
);
