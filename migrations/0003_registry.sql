CREATE TABLE `model_registries` (
	`format` text PRIMARY KEY NOT NULL,
	`source` text NOT NULL,
	`dataset` text NOT NULL,
	`version` text,
	`data_date` text,
	`providers` integer NOT NULL,
	`models` integer NOT NULL,
	`content` text NOT NULL,
	`imported_at` integer NOT NULL,
	CONSTRAINT "model_registries_format" CHECK("model_registries"."format" in ('MODELS_DEV_JSON', 'LITELLM_MODEL_PRICES'))
);
--> statement-breakpoint
ALTER TABLE `deployments` ADD `facts_override` text;