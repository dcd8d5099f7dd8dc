CREATE TABLE `health_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`provider_id` integer NOT NULL,
	`model` text NOT NULL,
	`api_base` text NOT NULL,
	`status` text NOT NULL,
	`checked_at` integer NOT NULL,
	`latency_ms` integer,
	`error` text,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `health_history_upstream_time` ON `health_history` (`provider_id`,`model`,`api_base`,`checked_at`);--> statement-breakpoint
CREATE INDEX `health_history_time` ON `health_history` (`checked_at`);--> statement-breakpoint
CREATE TABLE `probe_leases` (
	`key` text PRIMARY KEY NOT NULL,
	`owner` text NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `deployments` ADD `probe` text DEFAULT 'AUTO' NOT NULL;