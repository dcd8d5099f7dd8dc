CREATE TABLE `aliases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`group_id` integer NOT NULL,
	`hidden` integer DEFAULT false NOT NULL,
	`description` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`name`) REFERENCES `public_names`(`name`) ON UPDATE cascade ON DELETE cascade,
	FOREIGN KEY (`group_id`) REFERENCES `model_groups`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `aliases_name_unique` ON `aliases` (`name`);--> statement-breakpoint
CREATE INDEX `aliases_group` ON `aliases` (`group_id`);--> statement-breakpoint
CREATE TABLE `deployments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`group_id` integer NOT NULL,
	`provider_id` integer NOT NULL,
	`model` text NOT NULL,
	`api_base` text DEFAULT '' NOT NULL,
	`priority` integer DEFAULT 0 NOT NULL,
	`weight` integer DEFAULT 1 NOT NULL,
	`rpm` integer,
	`tpm` integer,
	`enabled` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`group_id`) REFERENCES `model_groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `deployments_group_provider_model_base` ON `deployments` (`group_id`,`provider_id`,`model`,`api_base`);--> statement-breakpoint
CREATE INDEX `deployments_provider` ON `deployments` (`provider_id`);--> statement-breakpoint
CREATE TABLE `model_groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`mode` text DEFAULT 'chat' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`name`) REFERENCES `public_names`(`name`) ON UPDATE cascade ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `model_groups_name_unique` ON `model_groups` (`name`);--> statement-breakpoint
CREATE TABLE `providers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`display_name` text,
	`api_base` text,
	`api_key_env` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `providers_name_unique` ON `providers` (`name`);--> statement-breakpoint
CREATE TABLE `public_names` (
	`name` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	CONSTRAINT "public_names_kind" CHECK("public_names"."kind" in ('group', 'alias'))
);
--> statement-breakpoint
CREATE TABLE `upstream_health` (
	`provider_id` integer NOT NULL,
	`model` text NOT NULL,
	`api_base` text NOT NULL,
	`status` text NOT NULL,
	`checked_at` integer NOT NULL,
	`latency_ms` integer,
	`error` text,
	`consecutive_failures` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`provider_id`, `model`, `api_base`),
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE cascade
);
