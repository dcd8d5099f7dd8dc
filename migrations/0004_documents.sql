CREATE TABLE `config_documents` (
	`format` text PRIMARY KEY NOT NULL,
	`content` text NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	CONSTRAINT "config_documents_format" CHECK("config_documents"."format" in ('LITELLM_YAML', 'NANOBOT_JSON'))
);
--> statement-breakpoint
DROP INDEX `deployments_group_provider_model_base`;--> statement-breakpoint
ALTER TABLE `deployments` ADD `model_written` text;--> statement-breakpoint
ALTER TABLE `deployments` ADD `variant` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `deployments` ADD `entry_extra` text;--> statement-breakpoint
CREATE UNIQUE INDEX `deployments_group_provider_model_base_variant` ON `deployments` (`group_id`,`provider_id`,`model`,`api_base`,`variant`);--> statement-breakpoint
ALTER TABLE `model_groups` ADD `fallbacks` text;--> statement-breakpoint
ALTER TABLE `model_groups` ADD `passthrough` integer DEFAULT false NOT NULL;