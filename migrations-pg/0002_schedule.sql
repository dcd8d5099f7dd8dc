CREATE TABLE "probe_schedule" (
	"key" text COLLATE "C" PRIMARY KEY NOT NULL,
	"next_due_at" bigint NOT NULL,
	"owner" text COLLATE "C",
	"lease_until" bigint
);
--> statement-breakpoint
CREATE INDEX "probe_schedule_due" ON "probe_schedule" USING btree ("next_due_at");