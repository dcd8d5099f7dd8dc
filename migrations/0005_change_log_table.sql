CREATE TABLE `catalog_changes` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`op` text NOT NULL,
	`at` integer NOT NULL,
	CONSTRAINT "catalog_changes_entity" CHECK("catalog_changes"."entity" in ('provider', 'group', 'deployment', 'alias', 'health', 'registry', 'document')),
	CONSTRAINT "catalog_changes_op" CHECK("catalog_changes"."op" in ('insert', 'update', 'delete'))
);
