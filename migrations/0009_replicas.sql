CREATE TABLE `replicas` (
	`id` text PRIMARY KEY NOT NULL,
	`host` text NOT NULL,
	`pid` integer NOT NULL,
	`started_at` integer NOT NULL,
	`seen_at` integer NOT NULL,
	`applied_version` integer NOT NULL,
	`last_probe_at` integer
);
