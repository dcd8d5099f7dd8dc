CREATE TABLE `change_history` (
	`seq` integer PRIMARY KEY NOT NULL,
	`change_set` integer,
	`at` integer NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`action` text NOT NULL,
	`name` text,
	`group_id` integer,
	`before` text,
	`after` text,
	`before_sealed` text,
	`after_sealed` text
);
--> statement-breakpoint
CREATE INDEX `change_history_entity` ON `change_history` (`entity`,`entity_id`);--> statement-breakpoint
CREATE INDEX `change_history_set` ON `change_history` (`change_set`) WHERE "change_history"."change_set" is not null;--> statement-breakpoint
CREATE INDEX `change_history_name` ON `change_history` (`name`);--> statement-breakpoint
CREATE INDEX `change_history_group` ON `change_history` (`group_id`) WHERE "change_history"."group_id" is not null;--> statement-breakpoint
CREATE TABLE `change_sets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`source` text NOT NULL,
	`summary` text,
	`reverts_set` integer,
	`reverts_change` integer,
	`open` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE INDEX `change_sets_open` ON `change_sets` (`open`) WHERE "change_sets"."open" = 1;--> statement-breakpoint
CREATE INDEX `change_sets_reverts_set` ON `change_sets` (`reverts_set`) WHERE "change_sets"."reverts_set" is not null;--> statement-breakpoint
CREATE INDEX `change_sets_reverts_change` ON `change_sets` (`reverts_change`) WHERE "change_sets"."reverts_change" is not null;
-- The change history (src/db/schema.ts changeHistory, src/history/, docs/history.md): the change-log
-- triggers of catalog rows (not health) are replaced by ones that also write a history row in the
-- same statement, its seq the change log's (last_insert_rowid() inside a trigger is the row the
-- trigger just inserted), its change set the open one (the transaction wrapper of src/db/client.ts
-- opens it; NULL for a writer without one). before/after: the row as JSON, keys as the drizzle
-- fields of src/history/tables.ts, timestamps in ISO 8601, without secrets: a provider's key
-- ciphertext is left out ("apiKey": null | "stored" | "changed"), sealed strings in deployment
-- parameters and config documents read "(secret)"; before_sealed/after_sealed keep the stored
-- text for revert. A registry's content is left out (revert refuses registry changes). One change per
-- row and change set: an UPDATE of a row that the open set already created or updated is merged
-- into that change (its after becomes the row's latest state), so a rename (the public name's
-- cascade, then the row's own update) is one change. OR REPLACE: should the change log's seqs ever be
-- handed out again (a restore that resets sqlite_sequence), history rows left with those seqs give
-- way instead of failing the write.
--> statement-breakpoint
DROP TRIGGER `catalog_changes_providers_insert`;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_providers_insert` AFTER INSERT ON `providers` BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('provider', NEW.id, 'insert', cast(unixepoch('subsec') * 1000 as integer));
  INSERT OR REPLACE INTO change_history (seq, change_set, at, entity, entity_id, action, name, group_id, before, after, before_sealed, after_sealed) VALUES (
    last_insert_rowid(), (SELECT id FROM change_sets WHERE open = 1), cast(unixepoch('subsec') * 1000 as integer), 'provider', NEW.id, 'insert',
    NEW.name, NULL,
    NULL,
    json_object('id', NEW.id, 'name', NEW.name, 'type', NEW.type, 'displayName', NEW.display_name, 'apiBase', NEW.api_base, 'apiKeyEnv', NEW.api_key_env, 'apiKey', CASE WHEN NEW.api_key_encrypted IS NULL THEN NULL ELSE 'stored' END, 'createdAt', strftime('%Y-%m-%dT%H:%M:%fZ', NEW.created_at / 1000.0, 'unixepoch'), 'updatedAt', strftime('%Y-%m-%dT%H:%M:%fZ', NEW.updated_at / 1000.0, 'unixepoch')),
    NULL, CASE WHEN NEW.api_key_encrypted IS NULL THEN NULL ELSE json_object('api_key_encrypted', NEW.api_key_encrypted) END);
END;
--> statement-breakpoint
DROP TRIGGER `catalog_changes_providers_update`;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_providers_update` AFTER UPDATE ON `providers` BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('provider', NEW.id, 'update', cast(unixepoch('subsec') * 1000 as integer));
  UPDATE change_history SET name = NEW.name, group_id = NULL,
    after = json_object('id', NEW.id, 'name', NEW.name, 'type', NEW.type, 'displayName', NEW.display_name, 'apiBase', NEW.api_base, 'apiKeyEnv', NEW.api_key_env, 'apiKey', CASE WHEN NEW.api_key_encrypted IS NULL THEN NULL WHEN OLD.api_key_encrypted IS NEW.api_key_encrypted THEN coalesce(json_extract(change_history.after, '$.apiKey'), 'stored') WHEN change_history.action = 'insert' THEN 'stored' ELSE 'changed' END, 'createdAt', strftime('%Y-%m-%dT%H:%M:%fZ', NEW.created_at / 1000.0, 'unixepoch'), 'updatedAt', strftime('%Y-%m-%dT%H:%M:%fZ', NEW.updated_at / 1000.0, 'unixepoch')),
    after_sealed = CASE WHEN NEW.api_key_encrypted IS NULL THEN NULL ELSE json_object('api_key_encrypted', NEW.api_key_encrypted) END
    WHERE seq = (SELECT h.seq FROM change_history h WHERE h.entity = 'provider' AND h.entity_id = cast(NEW.id AS text) AND +h.change_set = (SELECT id FROM change_sets WHERE open = 1) AND h.action <> 'delete' ORDER BY h.seq DESC LIMIT 1);
  INSERT OR REPLACE INTO change_history (seq, change_set, at, entity, entity_id, action, name, group_id, before, after, before_sealed, after_sealed) SELECT
    last_insert_rowid(), (SELECT id FROM change_sets WHERE open = 1), cast(unixepoch('subsec') * 1000 as integer), 'provider', NEW.id, 'update',
    NEW.name, NULL,
    json_object('id', OLD.id, 'name', OLD.name, 'type', OLD.type, 'displayName', OLD.display_name, 'apiBase', OLD.api_base, 'apiKeyEnv', OLD.api_key_env, 'apiKey', CASE WHEN OLD.api_key_encrypted IS NULL THEN NULL ELSE 'stored' END, 'createdAt', strftime('%Y-%m-%dT%H:%M:%fZ', OLD.created_at / 1000.0, 'unixepoch'), 'updatedAt', strftime('%Y-%m-%dT%H:%M:%fZ', OLD.updated_at / 1000.0, 'unixepoch')),
    json_object('id', NEW.id, 'name', NEW.name, 'type', NEW.type, 'displayName', NEW.display_name, 'apiBase', NEW.api_base, 'apiKeyEnv', NEW.api_key_env, 'apiKey', CASE WHEN NEW.api_key_encrypted IS NULL THEN NULL WHEN OLD.api_key_encrypted IS NEW.api_key_encrypted THEN 'stored' ELSE 'changed' END, 'createdAt', strftime('%Y-%m-%dT%H:%M:%fZ', NEW.created_at / 1000.0, 'unixepoch'), 'updatedAt', strftime('%Y-%m-%dT%H:%M:%fZ', NEW.updated_at / 1000.0, 'unixepoch')),
    CASE WHEN OLD.api_key_encrypted IS NULL THEN NULL ELSE json_object('api_key_encrypted', OLD.api_key_encrypted) END, CASE WHEN NEW.api_key_encrypted IS NULL THEN NULL ELSE json_object('api_key_encrypted', NEW.api_key_encrypted) END
    WHERE NOT EXISTS (SELECT h.seq FROM change_history h WHERE h.entity = 'provider' AND h.entity_id = cast(NEW.id AS text) AND +h.change_set = (SELECT id FROM change_sets WHERE open = 1) AND h.action <> 'delete');
END;
--> statement-breakpoint
DROP TRIGGER `catalog_changes_providers_delete`;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_providers_delete` AFTER DELETE ON `providers` BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('provider', OLD.id, 'delete', cast(unixepoch('subsec') * 1000 as integer));
  INSERT OR REPLACE INTO change_history (seq, change_set, at, entity, entity_id, action, name, group_id, before, after, before_sealed, after_sealed) VALUES (
    last_insert_rowid(), (SELECT id FROM change_sets WHERE open = 1), cast(unixepoch('subsec') * 1000 as integer), 'provider', OLD.id, 'delete',
    OLD.name, NULL,
    json_object('id', OLD.id, 'name', OLD.name, 'type', OLD.type, 'displayName', OLD.display_name, 'apiBase', OLD.api_base, 'apiKeyEnv', OLD.api_key_env, 'apiKey', CASE WHEN OLD.api_key_encrypted IS NULL THEN NULL ELSE 'stored' END, 'createdAt', strftime('%Y-%m-%dT%H:%M:%fZ', OLD.created_at / 1000.0, 'unixepoch'), 'updatedAt', strftime('%Y-%m-%dT%H:%M:%fZ', OLD.updated_at / 1000.0, 'unixepoch')),
    NULL,
    CASE WHEN OLD.api_key_encrypted IS NULL THEN NULL ELSE json_object('api_key_encrypted', OLD.api_key_encrypted) END, NULL);
END;
--> statement-breakpoint
DROP TRIGGER `catalog_changes_model_groups_insert`;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_model_groups_insert` AFTER INSERT ON `model_groups` BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('group', NEW.id, 'insert', cast(unixepoch('subsec') * 1000 as integer));
  INSERT OR REPLACE INTO change_history (seq, change_set, at, entity, entity_id, action, name, group_id, before, after, before_sealed, after_sealed) VALUES (
    last_insert_rowid(), (SELECT id FROM change_sets WHERE open = 1), cast(unixepoch('subsec') * 1000 as integer), 'group', NEW.id, 'insert',
    NEW.name, NEW.id,
    NULL,
    json_object('id', NEW.id, 'name', NEW.name, 'description', NEW.description, 'mode', NEW.mode, 'fallbacks', json(NEW.fallbacks), 'passthrough', CASE WHEN NEW.passthrough THEN json('true') ELSE json('false') END, 'createdAt', strftime('%Y-%m-%dT%H:%M:%fZ', NEW.created_at / 1000.0, 'unixepoch'), 'updatedAt', strftime('%Y-%m-%dT%H:%M:%fZ', NEW.updated_at / 1000.0, 'unixepoch')),
    NULL, NULL);
END;
--> statement-breakpoint
DROP TRIGGER `catalog_changes_model_groups_update`;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_model_groups_update` AFTER UPDATE ON `model_groups` BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('group', NEW.id, 'update', cast(unixepoch('subsec') * 1000 as integer));
  UPDATE change_history SET name = NEW.name, group_id = NEW.id,
    after = json_object('id', NEW.id, 'name', NEW.name, 'description', NEW.description, 'mode', NEW.mode, 'fallbacks', json(NEW.fallbacks), 'passthrough', CASE WHEN NEW.passthrough THEN json('true') ELSE json('false') END, 'createdAt', strftime('%Y-%m-%dT%H:%M:%fZ', NEW.created_at / 1000.0, 'unixepoch'), 'updatedAt', strftime('%Y-%m-%dT%H:%M:%fZ', NEW.updated_at / 1000.0, 'unixepoch')),
    after_sealed = NULL
    WHERE seq = (SELECT h.seq FROM change_history h WHERE h.entity = 'group' AND h.entity_id = cast(NEW.id AS text) AND +h.change_set = (SELECT id FROM change_sets WHERE open = 1) AND h.action <> 'delete' ORDER BY h.seq DESC LIMIT 1);
  INSERT OR REPLACE INTO change_history (seq, change_set, at, entity, entity_id, action, name, group_id, before, after, before_sealed, after_sealed) SELECT
    last_insert_rowid(), (SELECT id FROM change_sets WHERE open = 1), cast(unixepoch('subsec') * 1000 as integer), 'group', NEW.id, 'update',
    NEW.name, NEW.id,
    json_object('id', OLD.id, 'name', OLD.name, 'description', OLD.description, 'mode', OLD.mode, 'fallbacks', json(OLD.fallbacks), 'passthrough', CASE WHEN OLD.passthrough THEN json('true') ELSE json('false') END, 'createdAt', strftime('%Y-%m-%dT%H:%M:%fZ', OLD.created_at / 1000.0, 'unixepoch'), 'updatedAt', strftime('%Y-%m-%dT%H:%M:%fZ', OLD.updated_at / 1000.0, 'unixepoch')),
    json_object('id', NEW.id, 'name', NEW.name, 'description', NEW.description, 'mode', NEW.mode, 'fallbacks', json(NEW.fallbacks), 'passthrough', CASE WHEN NEW.passthrough THEN json('true') ELSE json('false') END, 'createdAt', strftime('%Y-%m-%dT%H:%M:%fZ', NEW.created_at / 1000.0, 'unixepoch'), 'updatedAt', strftime('%Y-%m-%dT%H:%M:%fZ', NEW.updated_at / 1000.0, 'unixepoch')),
    NULL, NULL
    WHERE NOT EXISTS (SELECT h.seq FROM change_history h WHERE h.entity = 'group' AND h.entity_id = cast(NEW.id AS text) AND +h.change_set = (SELECT id FROM change_sets WHERE open = 1) AND h.action <> 'delete');
END;
--> statement-breakpoint
DROP TRIGGER `catalog_changes_model_groups_delete`;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_model_groups_delete` AFTER DELETE ON `model_groups` BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('group', OLD.id, 'delete', cast(unixepoch('subsec') * 1000 as integer));
  INSERT OR REPLACE INTO change_history (seq, change_set, at, entity, entity_id, action, name, group_id, before, after, before_sealed, after_sealed) VALUES (
    last_insert_rowid(), (SELECT id FROM change_sets WHERE open = 1), cast(unixepoch('subsec') * 1000 as integer), 'group', OLD.id, 'delete',
    OLD.name, OLD.id,
    json_object('id', OLD.id, 'name', OLD.name, 'description', OLD.description, 'mode', OLD.mode, 'fallbacks', json(OLD.fallbacks), 'passthrough', CASE WHEN OLD.passthrough THEN json('true') ELSE json('false') END, 'createdAt', strftime('%Y-%m-%dT%H:%M:%fZ', OLD.created_at / 1000.0, 'unixepoch'), 'updatedAt', strftime('%Y-%m-%dT%H:%M:%fZ', OLD.updated_at / 1000.0, 'unixepoch')),
    NULL,
    NULL, NULL);
END;
--> statement-breakpoint
DROP TRIGGER `catalog_changes_deployments_insert`;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_deployments_insert` AFTER INSERT ON `deployments` BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('deployment', NEW.id, 'insert', cast(unixepoch('subsec') * 1000 as integer));
  INSERT OR REPLACE INTO change_history (seq, change_set, at, entity, entity_id, action, name, group_id, before, after, before_sealed, after_sealed) VALUES (
    last_insert_rowid(), (SELECT id FROM change_sets WHERE open = 1), cast(unixepoch('subsec') * 1000 as integer), 'deployment', NEW.id, 'insert',
    coalesce((SELECT name FROM model_groups WHERE id = NEW.group_id), (SELECT h.name FROM change_history h WHERE h.entity = 'group' AND h.entity_id = cast(NEW.group_id AS text) ORDER BY h.seq DESC LIMIT 1)), NEW.group_id,
    NULL,
    json_object('id', NEW.id, 'groupId', NEW.group_id, 'providerId', NEW.provider_id, 'model', NEW.model, 'apiBase', NEW.api_base, 'priority', NEW.priority, 'weight', NEW.weight, 'rpm', NEW.rpm, 'tpm', NEW.tpm, 'enabled', CASE WHEN NEW.enabled THEN json('true') ELSE json('false') END, 'probe', NEW.probe, 'externalId', NEW.external_id, 'extraParams', json(CASE WHEN instr(NEW.extra_params, 'modelgraph-sealed:') > 0 THEN (WITH RECURSIVE leaves(n, p) AS (SELECT row_number() OVER (), fullkey FROM json_tree(NEW.extra_params) WHERE type = 'text' AND substr(atom, 1, 18) = 'modelgraph-sealed:'), r(i, d) AS (SELECT 0, NEW.extra_params UNION ALL SELECT i + 1, json_set(d, (SELECT p FROM leaves WHERE n = i + 1), '(secret)') FROM r WHERE i < (SELECT count(*) FROM leaves)) SELECT d FROM r ORDER BY i DESC LIMIT 1) ELSE NEW.extra_params END), 'factsOverride', json(NEW.facts_override), 'modelWritten', NEW.model_written, 'variant', NEW.variant, 'entryExtra', json(NEW.entry_extra), 'createdAt', strftime('%Y-%m-%dT%H:%M:%fZ', NEW.created_at / 1000.0, 'unixepoch'), 'updatedAt', strftime('%Y-%m-%dT%H:%M:%fZ', NEW.updated_at / 1000.0, 'unixepoch')),
    NULL, CASE WHEN instr(NEW.extra_params, 'modelgraph-sealed:') > 0 THEN json_object('extra_params', NEW.extra_params) END);
END;
--> statement-breakpoint
DROP TRIGGER `catalog_changes_deployments_update`;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_deployments_update` AFTER UPDATE ON `deployments` BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('deployment', NEW.id, 'update', cast(unixepoch('subsec') * 1000 as integer));
  UPDATE change_history SET name = coalesce((SELECT name FROM model_groups WHERE id = NEW.group_id), (SELECT h.name FROM change_history h WHERE h.entity = 'group' AND h.entity_id = cast(NEW.group_id AS text) ORDER BY h.seq DESC LIMIT 1)), group_id = NEW.group_id,
    after = json_object('id', NEW.id, 'groupId', NEW.group_id, 'providerId', NEW.provider_id, 'model', NEW.model, 'apiBase', NEW.api_base, 'priority', NEW.priority, 'weight', NEW.weight, 'rpm', NEW.rpm, 'tpm', NEW.tpm, 'enabled', CASE WHEN NEW.enabled THEN json('true') ELSE json('false') END, 'probe', NEW.probe, 'externalId', NEW.external_id, 'extraParams', json(CASE WHEN instr(NEW.extra_params, 'modelgraph-sealed:') > 0 THEN (WITH RECURSIVE leaves(n, p) AS (SELECT row_number() OVER (), fullkey FROM json_tree(NEW.extra_params) WHERE type = 'text' AND substr(atom, 1, 18) = 'modelgraph-sealed:'), r(i, d) AS (SELECT 0, NEW.extra_params UNION ALL SELECT i + 1, json_set(d, (SELECT p FROM leaves WHERE n = i + 1), '(secret)') FROM r WHERE i < (SELECT count(*) FROM leaves)) SELECT d FROM r ORDER BY i DESC LIMIT 1) ELSE NEW.extra_params END), 'factsOverride', json(NEW.facts_override), 'modelWritten', NEW.model_written, 'variant', NEW.variant, 'entryExtra', json(NEW.entry_extra), 'createdAt', strftime('%Y-%m-%dT%H:%M:%fZ', NEW.created_at / 1000.0, 'unixepoch'), 'updatedAt', strftime('%Y-%m-%dT%H:%M:%fZ', NEW.updated_at / 1000.0, 'unixepoch')),
    after_sealed = CASE WHEN instr(NEW.extra_params, 'modelgraph-sealed:') > 0 THEN json_object('extra_params', NEW.extra_params) END
    WHERE seq = (SELECT h.seq FROM change_history h WHERE h.entity = 'deployment' AND h.entity_id = cast(NEW.id AS text) AND +h.change_set = (SELECT id FROM change_sets WHERE open = 1) AND h.action <> 'delete' ORDER BY h.seq DESC LIMIT 1);
  INSERT OR REPLACE INTO change_history (seq, change_set, at, entity, entity_id, action, name, group_id, before, after, before_sealed, after_sealed) SELECT
    last_insert_rowid(), (SELECT id FROM change_sets WHERE open = 1), cast(unixepoch('subsec') * 1000 as integer), 'deployment', NEW.id, 'update',
    coalesce((SELECT name FROM model_groups WHERE id = NEW.group_id), (SELECT h.name FROM change_history h WHERE h.entity = 'group' AND h.entity_id = cast(NEW.group_id AS text) ORDER BY h.seq DESC LIMIT 1)), NEW.group_id,
    json_object('id', OLD.id, 'groupId', OLD.group_id, 'providerId', OLD.provider_id, 'model', OLD.model, 'apiBase', OLD.api_base, 'priority', OLD.priority, 'weight', OLD.weight, 'rpm', OLD.rpm, 'tpm', OLD.tpm, 'enabled', CASE WHEN OLD.enabled THEN json('true') ELSE json('false') END, 'probe', OLD.probe, 'externalId', OLD.external_id, 'extraParams', json(CASE WHEN instr(OLD.extra_params, 'modelgraph-sealed:') > 0 THEN (WITH RECURSIVE leaves(n, p) AS (SELECT row_number() OVER (), fullkey FROM json_tree(OLD.extra_params) WHERE type = 'text' AND substr(atom, 1, 18) = 'modelgraph-sealed:'), r(i, d) AS (SELECT 0, OLD.extra_params UNION ALL SELECT i + 1, json_set(d, (SELECT p FROM leaves WHERE n = i + 1), '(secret)') FROM r WHERE i < (SELECT count(*) FROM leaves)) SELECT d FROM r ORDER BY i DESC LIMIT 1) ELSE OLD.extra_params END), 'factsOverride', json(OLD.facts_override), 'modelWritten', OLD.model_written, 'variant', OLD.variant, 'entryExtra', json(OLD.entry_extra), 'createdAt', strftime('%Y-%m-%dT%H:%M:%fZ', OLD.created_at / 1000.0, 'unixepoch'), 'updatedAt', strftime('%Y-%m-%dT%H:%M:%fZ', OLD.updated_at / 1000.0, 'unixepoch')),
    json_object('id', NEW.id, 'groupId', NEW.group_id, 'providerId', NEW.provider_id, 'model', NEW.model, 'apiBase', NEW.api_base, 'priority', NEW.priority, 'weight', NEW.weight, 'rpm', NEW.rpm, 'tpm', NEW.tpm, 'enabled', CASE WHEN NEW.enabled THEN json('true') ELSE json('false') END, 'probe', NEW.probe, 'externalId', NEW.external_id, 'extraParams', json(CASE WHEN instr(NEW.extra_params, 'modelgraph-sealed:') > 0 THEN (WITH RECURSIVE leaves(n, p) AS (SELECT row_number() OVER (), fullkey FROM json_tree(NEW.extra_params) WHERE type = 'text' AND substr(atom, 1, 18) = 'modelgraph-sealed:'), r(i, d) AS (SELECT 0, NEW.extra_params UNION ALL SELECT i + 1, json_set(d, (SELECT p FROM leaves WHERE n = i + 1), '(secret)') FROM r WHERE i < (SELECT count(*) FROM leaves)) SELECT d FROM r ORDER BY i DESC LIMIT 1) ELSE NEW.extra_params END), 'factsOverride', json(NEW.facts_override), 'modelWritten', NEW.model_written, 'variant', NEW.variant, 'entryExtra', json(NEW.entry_extra), 'createdAt', strftime('%Y-%m-%dT%H:%M:%fZ', NEW.created_at / 1000.0, 'unixepoch'), 'updatedAt', strftime('%Y-%m-%dT%H:%M:%fZ', NEW.updated_at / 1000.0, 'unixepoch')),
    CASE WHEN instr(OLD.extra_params, 'modelgraph-sealed:') > 0 THEN json_object('extra_params', OLD.extra_params) END, CASE WHEN instr(NEW.extra_params, 'modelgraph-sealed:') > 0 THEN json_object('extra_params', NEW.extra_params) END
    WHERE NOT EXISTS (SELECT h.seq FROM change_history h WHERE h.entity = 'deployment' AND h.entity_id = cast(NEW.id AS text) AND +h.change_set = (SELECT id FROM change_sets WHERE open = 1) AND h.action <> 'delete');
END;
--> statement-breakpoint
DROP TRIGGER `catalog_changes_deployments_delete`;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_deployments_delete` AFTER DELETE ON `deployments` BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('deployment', OLD.id, 'delete', cast(unixepoch('subsec') * 1000 as integer));
  INSERT OR REPLACE INTO change_history (seq, change_set, at, entity, entity_id, action, name, group_id, before, after, before_sealed, after_sealed) VALUES (
    last_insert_rowid(), (SELECT id FROM change_sets WHERE open = 1), cast(unixepoch('subsec') * 1000 as integer), 'deployment', OLD.id, 'delete',
    coalesce((SELECT name FROM model_groups WHERE id = OLD.group_id), (SELECT h.name FROM change_history h WHERE h.entity = 'group' AND h.entity_id = cast(OLD.group_id AS text) ORDER BY h.seq DESC LIMIT 1)), OLD.group_id,
    json_object('id', OLD.id, 'groupId', OLD.group_id, 'providerId', OLD.provider_id, 'model', OLD.model, 'apiBase', OLD.api_base, 'priority', OLD.priority, 'weight', OLD.weight, 'rpm', OLD.rpm, 'tpm', OLD.tpm, 'enabled', CASE WHEN OLD.enabled THEN json('true') ELSE json('false') END, 'probe', OLD.probe, 'externalId', OLD.external_id, 'extraParams', json(CASE WHEN instr(OLD.extra_params, 'modelgraph-sealed:') > 0 THEN (WITH RECURSIVE leaves(n, p) AS (SELECT row_number() OVER (), fullkey FROM json_tree(OLD.extra_params) WHERE type = 'text' AND substr(atom, 1, 18) = 'modelgraph-sealed:'), r(i, d) AS (SELECT 0, OLD.extra_params UNION ALL SELECT i + 1, json_set(d, (SELECT p FROM leaves WHERE n = i + 1), '(secret)') FROM r WHERE i < (SELECT count(*) FROM leaves)) SELECT d FROM r ORDER BY i DESC LIMIT 1) ELSE OLD.extra_params END), 'factsOverride', json(OLD.facts_override), 'modelWritten', OLD.model_written, 'variant', OLD.variant, 'entryExtra', json(OLD.entry_extra), 'createdAt', strftime('%Y-%m-%dT%H:%M:%fZ', OLD.created_at / 1000.0, 'unixepoch'), 'updatedAt', strftime('%Y-%m-%dT%H:%M:%fZ', OLD.updated_at / 1000.0, 'unixepoch')),
    NULL,
    CASE WHEN instr(OLD.extra_params, 'modelgraph-sealed:') > 0 THEN json_object('extra_params', OLD.extra_params) END, NULL);
END;
--> statement-breakpoint
DROP TRIGGER `catalog_changes_aliases_insert`;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_aliases_insert` AFTER INSERT ON `aliases` BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('alias', NEW.id, 'insert', cast(unixepoch('subsec') * 1000 as integer));
  INSERT OR REPLACE INTO change_history (seq, change_set, at, entity, entity_id, action, name, group_id, before, after, before_sealed, after_sealed) VALUES (
    last_insert_rowid(), (SELECT id FROM change_sets WHERE open = 1), cast(unixepoch('subsec') * 1000 as integer), 'alias', NEW.id, 'insert',
    NEW.name, NULL,
    NULL,
    json_object('id', NEW.id, 'name', NEW.name, 'groupId', NEW.group_id, 'hidden', CASE WHEN NEW.hidden THEN json('true') ELSE json('false') END, 'description', NEW.description, 'createdAt', strftime('%Y-%m-%dT%H:%M:%fZ', NEW.created_at / 1000.0, 'unixepoch'), 'updatedAt', strftime('%Y-%m-%dT%H:%M:%fZ', NEW.updated_at / 1000.0, 'unixepoch')),
    NULL, NULL);
END;
--> statement-breakpoint
DROP TRIGGER `catalog_changes_aliases_update`;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_aliases_update` AFTER UPDATE ON `aliases` BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('alias', NEW.id, 'update', cast(unixepoch('subsec') * 1000 as integer));
  UPDATE change_history SET name = NEW.name, group_id = NULL,
    after = json_object('id', NEW.id, 'name', NEW.name, 'groupId', NEW.group_id, 'hidden', CASE WHEN NEW.hidden THEN json('true') ELSE json('false') END, 'description', NEW.description, 'createdAt', strftime('%Y-%m-%dT%H:%M:%fZ', NEW.created_at / 1000.0, 'unixepoch'), 'updatedAt', strftime('%Y-%m-%dT%H:%M:%fZ', NEW.updated_at / 1000.0, 'unixepoch')),
    after_sealed = NULL
    WHERE seq = (SELECT h.seq FROM change_history h WHERE h.entity = 'alias' AND h.entity_id = cast(NEW.id AS text) AND +h.change_set = (SELECT id FROM change_sets WHERE open = 1) AND h.action <> 'delete' ORDER BY h.seq DESC LIMIT 1);
  INSERT OR REPLACE INTO change_history (seq, change_set, at, entity, entity_id, action, name, group_id, before, after, before_sealed, after_sealed) SELECT
    last_insert_rowid(), (SELECT id FROM change_sets WHERE open = 1), cast(unixepoch('subsec') * 1000 as integer), 'alias', NEW.id, 'update',
    NEW.name, NULL,
    json_object('id', OLD.id, 'name', OLD.name, 'groupId', OLD.group_id, 'hidden', CASE WHEN OLD.hidden THEN json('true') ELSE json('false') END, 'description', OLD.description, 'createdAt', strftime('%Y-%m-%dT%H:%M:%fZ', OLD.created_at / 1000.0, 'unixepoch'), 'updatedAt', strftime('%Y-%m-%dT%H:%M:%fZ', OLD.updated_at / 1000.0, 'unixepoch')),
    json_object('id', NEW.id, 'name', NEW.name, 'groupId', NEW.group_id, 'hidden', CASE WHEN NEW.hidden THEN json('true') ELSE json('false') END, 'description', NEW.description, 'createdAt', strftime('%Y-%m-%dT%H:%M:%fZ', NEW.created_at / 1000.0, 'unixepoch'), 'updatedAt', strftime('%Y-%m-%dT%H:%M:%fZ', NEW.updated_at / 1000.0, 'unixepoch')),
    NULL, NULL
    WHERE NOT EXISTS (SELECT h.seq FROM change_history h WHERE h.entity = 'alias' AND h.entity_id = cast(NEW.id AS text) AND +h.change_set = (SELECT id FROM change_sets WHERE open = 1) AND h.action <> 'delete');
END;
--> statement-breakpoint
DROP TRIGGER `catalog_changes_aliases_delete`;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_aliases_delete` AFTER DELETE ON `aliases` BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('alias', OLD.id, 'delete', cast(unixepoch('subsec') * 1000 as integer));
  INSERT OR REPLACE INTO change_history (seq, change_set, at, entity, entity_id, action, name, group_id, before, after, before_sealed, after_sealed) VALUES (
    last_insert_rowid(), (SELECT id FROM change_sets WHERE open = 1), cast(unixepoch('subsec') * 1000 as integer), 'alias', OLD.id, 'delete',
    OLD.name, NULL,
    json_object('id', OLD.id, 'name', OLD.name, 'groupId', OLD.group_id, 'hidden', CASE WHEN OLD.hidden THEN json('true') ELSE json('false') END, 'description', OLD.description, 'createdAt', strftime('%Y-%m-%dT%H:%M:%fZ', OLD.created_at / 1000.0, 'unixepoch'), 'updatedAt', strftime('%Y-%m-%dT%H:%M:%fZ', OLD.updated_at / 1000.0, 'unixepoch')),
    NULL,
    NULL, NULL);
END;
--> statement-breakpoint
DROP TRIGGER `catalog_changes_model_registries_insert`;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_model_registries_insert` AFTER INSERT ON `model_registries` BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('registry', NEW.format, 'insert', cast(unixepoch('subsec') * 1000 as integer));
  INSERT OR REPLACE INTO change_history (seq, change_set, at, entity, entity_id, action, name, group_id, before, after, before_sealed, after_sealed) VALUES (
    last_insert_rowid(), (SELECT id FROM change_sets WHERE open = 1), cast(unixepoch('subsec') * 1000 as integer), 'registry', NEW.format, 'insert',
    NEW.format, NULL,
    NULL,
    json_object('format', NEW.format, 'source', NEW.source, 'dataset', NEW.dataset, 'version', NEW.version, 'dataDate', NEW.data_date, 'providers', NEW.providers, 'models', NEW.models, 'importedAt', strftime('%Y-%m-%dT%H:%M:%fZ', NEW.imported_at / 1000.0, 'unixepoch')),
    NULL, NULL);
END;
--> statement-breakpoint
DROP TRIGGER `catalog_changes_model_registries_update`;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_model_registries_update` AFTER UPDATE ON `model_registries` BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('registry', NEW.format, 'update', cast(unixepoch('subsec') * 1000 as integer));
  UPDATE change_history SET name = NEW.format, group_id = NULL,
    after = json_object('format', NEW.format, 'source', NEW.source, 'dataset', NEW.dataset, 'version', NEW.version, 'dataDate', NEW.data_date, 'providers', NEW.providers, 'models', NEW.models, 'importedAt', strftime('%Y-%m-%dT%H:%M:%fZ', NEW.imported_at / 1000.0, 'unixepoch')),
    after_sealed = NULL
    WHERE seq = (SELECT h.seq FROM change_history h WHERE h.entity = 'registry' AND h.entity_id = NEW.format AND +h.change_set = (SELECT id FROM change_sets WHERE open = 1) AND h.action <> 'delete' ORDER BY h.seq DESC LIMIT 1);
  INSERT OR REPLACE INTO change_history (seq, change_set, at, entity, entity_id, action, name, group_id, before, after, before_sealed, after_sealed) SELECT
    last_insert_rowid(), (SELECT id FROM change_sets WHERE open = 1), cast(unixepoch('subsec') * 1000 as integer), 'registry', NEW.format, 'update',
    NEW.format, NULL,
    json_object('format', OLD.format, 'source', OLD.source, 'dataset', OLD.dataset, 'version', OLD.version, 'dataDate', OLD.data_date, 'providers', OLD.providers, 'models', OLD.models, 'importedAt', strftime('%Y-%m-%dT%H:%M:%fZ', OLD.imported_at / 1000.0, 'unixepoch')),
    json_object('format', NEW.format, 'source', NEW.source, 'dataset', NEW.dataset, 'version', NEW.version, 'dataDate', NEW.data_date, 'providers', NEW.providers, 'models', NEW.models, 'importedAt', strftime('%Y-%m-%dT%H:%M:%fZ', NEW.imported_at / 1000.0, 'unixepoch')),
    NULL, NULL
    WHERE NOT EXISTS (SELECT h.seq FROM change_history h WHERE h.entity = 'registry' AND h.entity_id = NEW.format AND +h.change_set = (SELECT id FROM change_sets WHERE open = 1) AND h.action <> 'delete');
END;
--> statement-breakpoint
DROP TRIGGER `catalog_changes_model_registries_delete`;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_model_registries_delete` AFTER DELETE ON `model_registries` BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('registry', OLD.format, 'delete', cast(unixepoch('subsec') * 1000 as integer));
  INSERT OR REPLACE INTO change_history (seq, change_set, at, entity, entity_id, action, name, group_id, before, after, before_sealed, after_sealed) VALUES (
    last_insert_rowid(), (SELECT id FROM change_sets WHERE open = 1), cast(unixepoch('subsec') * 1000 as integer), 'registry', OLD.format, 'delete',
    OLD.format, NULL,
    json_object('format', OLD.format, 'source', OLD.source, 'dataset', OLD.dataset, 'version', OLD.version, 'dataDate', OLD.data_date, 'providers', OLD.providers, 'models', OLD.models, 'importedAt', strftime('%Y-%m-%dT%H:%M:%fZ', OLD.imported_at / 1000.0, 'unixepoch')),
    NULL,
    NULL, NULL);
END;
--> statement-breakpoint
DROP TRIGGER `catalog_changes_config_documents_insert`;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_config_documents_insert` AFTER INSERT ON `config_documents` BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('document', NEW.format, 'insert', cast(unixepoch('subsec') * 1000 as integer));
  INSERT OR REPLACE INTO change_history (seq, change_set, at, entity, entity_id, action, name, group_id, before, after, before_sealed, after_sealed) VALUES (
    last_insert_rowid(), (SELECT id FROM change_sets WHERE open = 1), cast(unixepoch('subsec') * 1000 as integer), 'document', NEW.format, 'insert',
    NEW.format, NULL,
    NULL,
    json_object('format', NEW.format, 'content', json(CASE WHEN instr(NEW.content, 'modelgraph-sealed:') > 0 THEN (WITH RECURSIVE leaves(n, p) AS (SELECT row_number() OVER (), fullkey FROM json_tree(NEW.content) WHERE type = 'text' AND substr(atom, 1, 18) = 'modelgraph-sealed:'), r(i, d) AS (SELECT 0, NEW.content UNION ALL SELECT i + 1, json_set(d, (SELECT p FROM leaves WHERE n = i + 1), '(secret)') FROM r WHERE i < (SELECT count(*) FROM leaves)) SELECT d FROM r ORDER BY i DESC LIMIT 1) ELSE NEW.content END), 'updatedAt', strftime('%Y-%m-%dT%H:%M:%fZ', NEW.updated_at / 1000.0, 'unixepoch')),
    NULL, CASE WHEN instr(NEW.content, 'modelgraph-sealed:') > 0 THEN json_object('content', NEW.content) END);
END;
--> statement-breakpoint
DROP TRIGGER `catalog_changes_config_documents_update`;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_config_documents_update` AFTER UPDATE ON `config_documents` BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('document', NEW.format, 'update', cast(unixepoch('subsec') * 1000 as integer));
  UPDATE change_history SET name = NEW.format, group_id = NULL,
    after = json_object('format', NEW.format, 'content', json(CASE WHEN instr(NEW.content, 'modelgraph-sealed:') > 0 THEN (WITH RECURSIVE leaves(n, p) AS (SELECT row_number() OVER (), fullkey FROM json_tree(NEW.content) WHERE type = 'text' AND substr(atom, 1, 18) = 'modelgraph-sealed:'), r(i, d) AS (SELECT 0, NEW.content UNION ALL SELECT i + 1, json_set(d, (SELECT p FROM leaves WHERE n = i + 1), '(secret)') FROM r WHERE i < (SELECT count(*) FROM leaves)) SELECT d FROM r ORDER BY i DESC LIMIT 1) ELSE NEW.content END), 'updatedAt', strftime('%Y-%m-%dT%H:%M:%fZ', NEW.updated_at / 1000.0, 'unixepoch')),
    after_sealed = CASE WHEN instr(NEW.content, 'modelgraph-sealed:') > 0 THEN json_object('content', NEW.content) END
    WHERE seq = (SELECT h.seq FROM change_history h WHERE h.entity = 'document' AND h.entity_id = NEW.format AND +h.change_set = (SELECT id FROM change_sets WHERE open = 1) AND h.action <> 'delete' ORDER BY h.seq DESC LIMIT 1);
  INSERT OR REPLACE INTO change_history (seq, change_set, at, entity, entity_id, action, name, group_id, before, after, before_sealed, after_sealed) SELECT
    last_insert_rowid(), (SELECT id FROM change_sets WHERE open = 1), cast(unixepoch('subsec') * 1000 as integer), 'document', NEW.format, 'update',
    NEW.format, NULL,
    json_object('format', OLD.format, 'content', json(CASE WHEN instr(OLD.content, 'modelgraph-sealed:') > 0 THEN (WITH RECURSIVE leaves(n, p) AS (SELECT row_number() OVER (), fullkey FROM json_tree(OLD.content) WHERE type = 'text' AND substr(atom, 1, 18) = 'modelgraph-sealed:'), r(i, d) AS (SELECT 0, OLD.content UNION ALL SELECT i + 1, json_set(d, (SELECT p FROM leaves WHERE n = i + 1), '(secret)') FROM r WHERE i < (SELECT count(*) FROM leaves)) SELECT d FROM r ORDER BY i DESC LIMIT 1) ELSE OLD.content END), 'updatedAt', strftime('%Y-%m-%dT%H:%M:%fZ', OLD.updated_at / 1000.0, 'unixepoch')),
    json_object('format', NEW.format, 'content', json(CASE WHEN instr(NEW.content, 'modelgraph-sealed:') > 0 THEN (WITH RECURSIVE leaves(n, p) AS (SELECT row_number() OVER (), fullkey FROM json_tree(NEW.content) WHERE type = 'text' AND substr(atom, 1, 18) = 'modelgraph-sealed:'), r(i, d) AS (SELECT 0, NEW.content UNION ALL SELECT i + 1, json_set(d, (SELECT p FROM leaves WHERE n = i + 1), '(secret)') FROM r WHERE i < (SELECT count(*) FROM leaves)) SELECT d FROM r ORDER BY i DESC LIMIT 1) ELSE NEW.content END), 'updatedAt', strftime('%Y-%m-%dT%H:%M:%fZ', NEW.updated_at / 1000.0, 'unixepoch')),
    CASE WHEN instr(OLD.content, 'modelgraph-sealed:') > 0 THEN json_object('content', OLD.content) END, CASE WHEN instr(NEW.content, 'modelgraph-sealed:') > 0 THEN json_object('content', NEW.content) END
    WHERE NOT EXISTS (SELECT h.seq FROM change_history h WHERE h.entity = 'document' AND h.entity_id = NEW.format AND +h.change_set = (SELECT id FROM change_sets WHERE open = 1) AND h.action <> 'delete');
END;
--> statement-breakpoint
DROP TRIGGER `catalog_changes_config_documents_delete`;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_config_documents_delete` AFTER DELETE ON `config_documents` BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('document', OLD.format, 'delete', cast(unixepoch('subsec') * 1000 as integer));
  INSERT OR REPLACE INTO change_history (seq, change_set, at, entity, entity_id, action, name, group_id, before, after, before_sealed, after_sealed) VALUES (
    last_insert_rowid(), (SELECT id FROM change_sets WHERE open = 1), cast(unixepoch('subsec') * 1000 as integer), 'document', OLD.format, 'delete',
    OLD.format, NULL,
    json_object('format', OLD.format, 'content', json(CASE WHEN instr(OLD.content, 'modelgraph-sealed:') > 0 THEN (WITH RECURSIVE leaves(n, p) AS (SELECT row_number() OVER (), fullkey FROM json_tree(OLD.content) WHERE type = 'text' AND substr(atom, 1, 18) = 'modelgraph-sealed:'), r(i, d) AS (SELECT 0, OLD.content UNION ALL SELECT i + 1, json_set(d, (SELECT p FROM leaves WHERE n = i + 1), '(secret)') FROM r WHERE i < (SELECT count(*) FROM leaves)) SELECT d FROM r ORDER BY i DESC LIMIT 1) ELSE OLD.content END), 'updatedAt', strftime('%Y-%m-%dT%H:%M:%fZ', OLD.updated_at / 1000.0, 'unixepoch')),
    NULL,
    CASE WHEN instr(OLD.content, 'modelgraph-sealed:') > 0 THEN json_object('content', OLD.content) END, NULL);
END;
