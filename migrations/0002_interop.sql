ALTER TABLE `deployments` ADD `external_id` text;--> statement-breakpoint
ALTER TABLE `deployments` ADD `extra_params` text;--> statement-breakpoint
ALTER TABLE `providers` ADD `api_key_encrypted` text;