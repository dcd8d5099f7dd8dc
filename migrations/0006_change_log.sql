-- The change log (src/db/schema.ts catalogChanges, docs/read-model.md): one row per written row
-- of every catalog table, inserted by these triggers inside the writer's own transaction, so every
-- writer is logged (this server, another process, the CLI, an import; cascaded deletes too, as
-- SQLite fires triggers for foreign-key actions). entity_id is the row id, the format, or for
-- upstream health the JSON array [provider_id, model, api_base] of its key. A key that an UPDATE
-- changes is logged as a delete of the old key beside the update of the new one (no writer does
-- that today; the triggers fire only when a key column is in the SET list).
CREATE TRIGGER `catalog_changes_providers_insert` AFTER INSERT ON `providers` BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('provider', NEW.id, 'insert', cast(unixepoch('subsec') * 1000 as integer));
END;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_providers_update` AFTER UPDATE ON `providers` BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('provider', NEW.id, 'update', cast(unixepoch('subsec') * 1000 as integer));
END;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_providers_rekey` AFTER UPDATE OF id ON `providers` WHEN OLD.id IS NOT NEW.id BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('provider', OLD.id, 'delete', cast(unixepoch('subsec') * 1000 as integer));
END;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_providers_delete` AFTER DELETE ON `providers` BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('provider', OLD.id, 'delete', cast(unixepoch('subsec') * 1000 as integer));
END;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_model_groups_insert` AFTER INSERT ON `model_groups` BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('group', NEW.id, 'insert', cast(unixepoch('subsec') * 1000 as integer));
END;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_model_groups_update` AFTER UPDATE ON `model_groups` BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('group', NEW.id, 'update', cast(unixepoch('subsec') * 1000 as integer));
END;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_model_groups_rekey` AFTER UPDATE OF id ON `model_groups` WHEN OLD.id IS NOT NEW.id BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('group', OLD.id, 'delete', cast(unixepoch('subsec') * 1000 as integer));
END;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_model_groups_delete` AFTER DELETE ON `model_groups` BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('group', OLD.id, 'delete', cast(unixepoch('subsec') * 1000 as integer));
END;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_deployments_insert` AFTER INSERT ON `deployments` BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('deployment', NEW.id, 'insert', cast(unixepoch('subsec') * 1000 as integer));
END;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_deployments_update` AFTER UPDATE ON `deployments` BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('deployment', NEW.id, 'update', cast(unixepoch('subsec') * 1000 as integer));
END;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_deployments_rekey` AFTER UPDATE OF id ON `deployments` WHEN OLD.id IS NOT NEW.id BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('deployment', OLD.id, 'delete', cast(unixepoch('subsec') * 1000 as integer));
END;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_deployments_delete` AFTER DELETE ON `deployments` BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('deployment', OLD.id, 'delete', cast(unixepoch('subsec') * 1000 as integer));
END;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_aliases_insert` AFTER INSERT ON `aliases` BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('alias', NEW.id, 'insert', cast(unixepoch('subsec') * 1000 as integer));
END;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_aliases_update` AFTER UPDATE ON `aliases` BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('alias', NEW.id, 'update', cast(unixepoch('subsec') * 1000 as integer));
END;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_aliases_rekey` AFTER UPDATE OF id ON `aliases` WHEN OLD.id IS NOT NEW.id BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('alias', OLD.id, 'delete', cast(unixepoch('subsec') * 1000 as integer));
END;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_aliases_delete` AFTER DELETE ON `aliases` BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('alias', OLD.id, 'delete', cast(unixepoch('subsec') * 1000 as integer));
END;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_upstream_health_insert` AFTER INSERT ON `upstream_health` BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('health', json_array(NEW.provider_id, NEW.model, NEW.api_base), 'insert', cast(unixepoch('subsec') * 1000 as integer));
END;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_upstream_health_update` AFTER UPDATE ON `upstream_health` BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('health', json_array(NEW.provider_id, NEW.model, NEW.api_base), 'update', cast(unixepoch('subsec') * 1000 as integer));
END;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_upstream_health_rekey` AFTER UPDATE OF provider_id, model, api_base ON `upstream_health` WHEN OLD.provider_id IS NOT NEW.provider_id OR OLD.model IS NOT NEW.model OR OLD.api_base IS NOT NEW.api_base BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('health', json_array(OLD.provider_id, OLD.model, OLD.api_base), 'delete', cast(unixepoch('subsec') * 1000 as integer));
END;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_upstream_health_delete` AFTER DELETE ON `upstream_health` BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('health', json_array(OLD.provider_id, OLD.model, OLD.api_base), 'delete', cast(unixepoch('subsec') * 1000 as integer));
END;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_model_registries_insert` AFTER INSERT ON `model_registries` BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('registry', NEW.format, 'insert', cast(unixepoch('subsec') * 1000 as integer));
END;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_model_registries_update` AFTER UPDATE ON `model_registries` BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('registry', NEW.format, 'update', cast(unixepoch('subsec') * 1000 as integer));
END;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_model_registries_rekey` AFTER UPDATE OF format ON `model_registries` WHEN OLD.format IS NOT NEW.format BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('registry', OLD.format, 'delete', cast(unixepoch('subsec') * 1000 as integer));
END;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_model_registries_delete` AFTER DELETE ON `model_registries` BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('registry', OLD.format, 'delete', cast(unixepoch('subsec') * 1000 as integer));
END;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_config_documents_insert` AFTER INSERT ON `config_documents` BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('document', NEW.format, 'insert', cast(unixepoch('subsec') * 1000 as integer));
END;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_config_documents_update` AFTER UPDATE ON `config_documents` BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('document', NEW.format, 'update', cast(unixepoch('subsec') * 1000 as integer));
END;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_config_documents_rekey` AFTER UPDATE OF format ON `config_documents` WHEN OLD.format IS NOT NEW.format BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('document', OLD.format, 'delete', cast(unixepoch('subsec') * 1000 as integer));
END;
--> statement-breakpoint
CREATE TRIGGER `catalog_changes_config_documents_delete` AFTER DELETE ON `config_documents` BEGIN
  INSERT INTO catalog_changes (entity, entity_id, op, at) VALUES ('document', OLD.format, 'delete', cast(unixepoch('subsec') * 1000 as integer));
END;
