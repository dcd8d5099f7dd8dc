CREATE TABLE `probe_schedule` (
	`key` text PRIMARY KEY NOT NULL,
	`next_due_at` integer NOT NULL,
	`owner` text,
	`lease_until` integer
);
--> statement-breakpoint
CREATE INDEX `probe_schedule_due` ON `probe_schedule` (`next_due_at`);