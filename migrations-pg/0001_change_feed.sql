-- The change feed on PostgreSQL (docs/postgres.md; the SQLite side: migrations/0006_change_log.sql
-- and 0007_history.sql, docs/read-model.md). What drizzle cannot express: the version row's first
-- value, the triggers that log every written catalog row (cascades included: PostgreSQL fires row
-- triggers for foreign-key actions) with the change history beside it, the notification, and
-- deferrable foreign keys.
--
-- Why a version row and not the log's seq: a sequence hands out numbers at insert, not at commit.
-- A takes seq 10, B takes 11, B commits first: a reader of `seq > 9` sees 11, moves to 11 and never
-- reads 10. Here every write transaction that touches a catalog table locks the one row of
-- catalog_version before its first catalog row (a BEFORE statement trigger, so before any row
-- lock or foreign-key check of its own: writers queue on this row, not on each other's rows),
-- increments it once at its first logged row, and holds the lock to commit. So versions commit in
-- order: a reader that has applied version V never later sees a commit with a smaller version, and
-- reads `version > V`. Writers must run in READ COMMITTED (the default): under REPEATABLE READ the
-- second of two writers fails with a serialization error (40001) instead of waiting.
--
-- Once per transaction: the version taken is kept in a transaction-local setting
-- (set_config(…, true)), which a rolled-back savepoint undoes together with the increment and the
-- notification. pg_notify('modelgraph_changes', version) is queued with the increment and sent at
-- commit, once per version; a rolled-back transaction sends nothing and takes no version.
--> statement-breakpoint
INSERT INTO catalog_version (id, version, pruned_through) VALUES (1, 0, 0);
--> statement-breakpoint
-- Revert restores rows in reverse order and checks references at the end (SQLite's
-- defer_foreign_keys): these may be deferred with SET CONSTRAINTS ALL DEFERRED. ON DELETE/UPDATE
-- CASCADE still acts at once, and RESTRICT is never deferred (as on SQLite).
ALTER TABLE "aliases" ALTER CONSTRAINT "aliases_name_public_names_name_fk" DEFERRABLE INITIALLY IMMEDIATE;
--> statement-breakpoint
ALTER TABLE "aliases" ALTER CONSTRAINT "aliases_group_id_model_groups_id_fk" DEFERRABLE INITIALLY IMMEDIATE;
--> statement-breakpoint
ALTER TABLE "deployments" ALTER CONSTRAINT "deployments_group_id_model_groups_id_fk" DEFERRABLE INITIALLY IMMEDIATE;
--> statement-breakpoint
ALTER TABLE "deployments" ALTER CONSTRAINT "deployments_provider_id_providers_id_fk" DEFERRABLE INITIALLY IMMEDIATE;
--> statement-breakpoint
ALTER TABLE "health_history" ALTER CONSTRAINT "health_history_provider_id_providers_id_fk" DEFERRABLE INITIALLY IMMEDIATE;
--> statement-breakpoint
ALTER TABLE "model_groups" ALTER CONSTRAINT "model_groups_name_public_names_name_fk" DEFERRABLE INITIALLY IMMEDIATE;
--> statement-breakpoint
ALTER TABLE "upstream_health" ALTER CONSTRAINT "upstream_health_provider_id_providers_id_fk" DEFERRABLE INITIALLY IMMEDIATE;
--> statement-breakpoint
-- ms since the epoch, truncated, from the statement's clock (SQLite: cast(unixepoch('subsec') * 1000 as integer)).
CREATE FUNCTION modelgraph_ms() RETURNS bigint LANGUAGE sql VOLATILE AS $$
  SELECT floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint
$$;
--> statement-breakpoint
-- A ms timestamp as the history writes it: 2026-12-02T10:11:12.345Z (SQLite: strftime('%Y-%m-%dT%H:%M:%fZ', ms / 1000.0, 'unixepoch')).
CREATE FUNCTION modelgraph_iso(ms bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT to_char((timestamp 'epoch' + ms * interval '1 millisecond'), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;
--> statement-breakpoint
-- A JSON value with every string that starts with modelgraph-sealed: replaced by "(secret)", keys
-- kept in their order (json, not jsonb). The history's before/after never hold a sealed secret.
CREATE FUNCTION modelgraph_mask_sealed(j json) RETURNS json LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  IF j IS NULL OR strpos(j::text, 'modelgraph-sealed:') = 0 THEN RETURN j; END IF;
  CASE json_typeof(j)
    WHEN 'object' THEN
      RETURN (SELECT coalesce(json_object_agg(e.key, modelgraph_mask_sealed(e.value) ORDER BY e.ord), '{}'::json)
              FROM json_each(j) WITH ORDINALITY AS e(key, value, ord));
    WHEN 'array' THEN
      RETURN (SELECT coalesce(json_agg(modelgraph_mask_sealed(e.value) ORDER BY e.ord), '[]'::json)
              FROM json_array_elements(j) WITH ORDINALITY AS e(value, ord));
    WHEN 'string' THEN
      IF starts_with(j #>> '{}', 'modelgraph-sealed:') THEN RETURN to_json('(secret)'::text); END IF;
      RETURN j;
    ELSE
      RETURN j;
  END CASE;
END
$$;
--> statement-breakpoint
-- BEFORE … FOR EACH STATEMENT on every catalog table (and public_names, whose writes come with a
-- group's or alias's): takes the version row's lock once per transaction, before the statement
-- touches a row, so the transaction waits for an earlier writer's commit holding no catalog row
-- lock of its own (no deadlock through the version row between catalog writers).
CREATE FUNCTION modelgraph_catalog_lock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('modelgraph.catalog_locked', true), '') = '' THEN
    PERFORM 1 FROM catalog_version WHERE id = 1 FOR UPDATE;
    PERFORM set_config('modelgraph.catalog_locked', '1', true);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- This transaction's catalog version: incremented (and notified) at its first logged row, the same
-- number after that. A statement that logs no row takes no version.
CREATE FUNCTION modelgraph_catalog_version() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  v text := current_setting('modelgraph.catalog_version', true);
BEGIN
  IF v IS NULL OR v = '' THEN
    UPDATE catalog_version SET version = version + 1 WHERE id = 1 RETURNING version::text INTO v;
    PERFORM set_config('modelgraph.catalog_version', v, true);
    PERFORM set_config('modelgraph.catalog_locked', '1', true);
    PERFORM pg_notify('modelgraph_changes', v);
  END IF;
  RETURN v::bigint;
END
$$;
--> statement-breakpoint
-- One change-log row under this transaction's version; returns its seq (the history row's key).
CREATE FUNCTION modelgraph_log(p_entity text, p_entity_id text, p_op text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  s bigint;
BEGIN
  INSERT INTO catalog_changes (version, entity, entity_id, op, at)
    VALUES (modelgraph_catalog_version(), p_entity, p_entity_id, p_op, modelgraph_ms())
    RETURNING seq INTO s;
  RETURN s;
END
$$;
--> statement-breakpoint
-- The change set the transaction wrapper opened (only this transaction's can be seen: an open set
-- is never committed), or NULL for a writer without one.
CREATE FUNCTION modelgraph_open_change_set() RETURNS integer LANGUAGE sql STABLE AS $$
  SELECT id FROM change_sets WHERE open ORDER BY id DESC LIMIT 1
$$;
--> statement-breakpoint
-- The open set's latest live change of a row, into which an UPDATE is merged (one change per row and set).
CREATE FUNCTION modelgraph_history_prior(p_entity text, p_entity_id text, p_set integer) RETURNS change_history LANGUAGE sql STABLE AS $$
  SELECT h.* FROM change_history h
  WHERE p_set IS NOT NULL AND h.entity = p_entity AND h.entity_id = p_entity_id AND h.change_set = p_set AND h.action <> 'delete'
  ORDER BY h.seq DESC LIMIT 1
$$;
--> statement-breakpoint
-- INSERT OR REPLACE of SQLite's triggers: should seqs ever be handed out again, the new row wins.
CREATE FUNCTION modelgraph_history_put(p_seq bigint, p_set integer, p_entity text, p_entity_id text, p_action text, p_name text, p_group_id integer,
    p_before json, p_after json, p_before_sealed text, p_after_sealed text) RETURNS void LANGUAGE sql AS $$
  INSERT INTO change_history (seq, change_set, at, entity, entity_id, action, name, group_id, before, after, before_sealed, after_sealed)
  VALUES (p_seq, p_set, modelgraph_ms(), p_entity, p_entity_id, p_action, p_name, p_group_id, p_before::text, p_after::text, p_before_sealed, p_after_sealed)
  ON CONFLICT (seq) DO UPDATE SET change_set = EXCLUDED.change_set, at = EXCLUDED.at, entity = EXCLUDED.entity, entity_id = EXCLUDED.entity_id,
    action = EXCLUDED.action, name = EXCLUDED.name, group_id = EXCLUDED.group_id, before = EXCLUDED.before, after = EXCLUDED.after,
    before_sealed = EXCLUDED.before_sealed, after_sealed = EXCLUDED.after_sealed
$$;
--> statement-breakpoint
-- An UPDATE's history: merged into the open set's earlier change of the row (its after becomes
-- p_merged_after), else a new change with before and after.
CREATE FUNCTION modelgraph_history_update(p_seq bigint, p_entity text, p_entity_id text, p_name text, p_group_id integer,
    p_before json, p_after json, p_merged_after json, p_before_sealed text, p_after_sealed text, p_prior change_history) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF p_prior.seq IS NOT NULL THEN
    UPDATE change_history SET name = p_name, group_id = p_group_id, after = p_merged_after::text, after_sealed = p_after_sealed WHERE seq = p_prior.seq;
  ELSE
    PERFORM modelgraph_history_put(p_seq, modelgraph_open_change_set(), p_entity, p_entity_id, 'update', p_name, p_group_id, p_before, p_after, p_before_sealed, p_after_sealed);
  END IF;
END
$$;
--> statement-breakpoint
-- The rows as the history's JSON: the drizzle field names of src/history/tables.ts in column order,
-- timestamps in ISO 8601, booleans as true/false, JSON columns as their values, secrets left out.
CREATE FUNCTION modelgraph_provider_json(r providers, api_key text) RETURNS json LANGUAGE sql IMMUTABLE AS $$
  SELECT json_build_object('id', r.id, 'name', r.name, 'type', r.type, 'displayName', r.display_name, 'apiBase', r.api_base,
    'apiKeyEnv', r.api_key_env, 'apiKey', api_key, 'createdAt', modelgraph_iso(r.created_at), 'updatedAt', modelgraph_iso(r.updated_at))
$$;
--> statement-breakpoint
CREATE FUNCTION modelgraph_group_json(r model_groups) RETURNS json LANGUAGE sql IMMUTABLE AS $$
  SELECT json_build_object('id', r.id, 'name', r.name, 'description', r.description, 'mode', r.mode, 'fallbacks', r.fallbacks,
    'passthrough', r.passthrough, 'createdAt', modelgraph_iso(r.created_at), 'updatedAt', modelgraph_iso(r.updated_at))
$$;
--> statement-breakpoint
CREATE FUNCTION modelgraph_deployment_json(r deployments) RETURNS json LANGUAGE sql IMMUTABLE AS $$
  SELECT json_build_object('id', r.id, 'groupId', r.group_id, 'providerId', r.provider_id, 'model', r.model, 'apiBase', r.api_base,
    'priority', r.priority, 'weight', r.weight, 'rpm', r.rpm, 'tpm', r.tpm, 'enabled', r.enabled, 'probe', r.probe,
    'externalId', r.external_id, 'extraParams', modelgraph_mask_sealed(r.extra_params), 'factsOverride', r.facts_override,
    'modelWritten', r.model_written, 'variant', r.variant, 'entryExtra', r.entry_extra,
    'createdAt', modelgraph_iso(r.created_at), 'updatedAt', modelgraph_iso(r.updated_at))
$$;
--> statement-breakpoint
CREATE FUNCTION modelgraph_alias_json(r aliases) RETURNS json LANGUAGE sql IMMUTABLE AS $$
  SELECT json_build_object('id', r.id, 'name', r.name, 'groupId', r.group_id, 'hidden', r.hidden, 'description', r.description,
    'createdAt', modelgraph_iso(r.created_at), 'updatedAt', modelgraph_iso(r.updated_at))
$$;
--> statement-breakpoint
CREATE FUNCTION modelgraph_registry_json(r model_registries) RETURNS json LANGUAGE sql IMMUTABLE AS $$
  SELECT json_build_object('format', r.format, 'source', r.source, 'dataset', r.dataset, 'version', r.version, 'dataDate', r.data_date,
    'providers', r.providers, 'models', r.models, 'importedAt', modelgraph_iso(r.imported_at))
$$;
--> statement-breakpoint
CREATE FUNCTION modelgraph_document_json(r config_documents) RETURNS json LANGUAGE sql IMMUTABLE AS $$
  SELECT json_build_object('format', r.format, 'content', modelgraph_mask_sealed(r.content), 'updatedAt', modelgraph_iso(r.updated_at))
$$;
--> statement-breakpoint
-- What revert needs to restore a secret (never returned by the API): the stored text, when it holds one.
CREATE FUNCTION modelgraph_sealed(p_column text, p_value text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN p_value IS NOT NULL AND strpos(p_value, 'modelgraph-sealed:') > 0 THEN json_build_object(p_column, p_value)::text END
$$;
--> statement-breakpoint
-- A deployment's group name for its history: the group's, or (the group already deleted, as in a cascade) the last one its history knew.
CREATE FUNCTION modelgraph_group_name(p_group_id integer) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT name FROM model_groups WHERE id = p_group_id),
    (SELECT h.name FROM change_history h WHERE h.entity = 'group' AND h.entity_id = p_group_id::text ORDER BY h.seq DESC LIMIT 1))
$$;
--> statement-breakpoint
CREATE FUNCTION modelgraph_providers_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  s bigint;
  prior change_history;
  key_state text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    s := modelgraph_log('provider', NEW.id::text, 'insert');
    PERFORM modelgraph_history_put(s, modelgraph_open_change_set(), 'provider', NEW.id::text, 'insert', NEW.name, NULL, NULL,
      modelgraph_provider_json(NEW, CASE WHEN NEW.api_key_encrypted IS NULL THEN NULL ELSE 'stored' END),
      NULL, CASE WHEN NEW.api_key_encrypted IS NULL THEN NULL ELSE json_build_object('api_key_encrypted', NEW.api_key_encrypted)::text END);
  ELSIF TG_OP = 'UPDATE' THEN
    s := modelgraph_log('provider', NEW.id::text, 'update');
    IF OLD.id IS DISTINCT FROM NEW.id THEN PERFORM modelgraph_log('provider', OLD.id::text, 'delete'); END IF;
    prior := modelgraph_history_prior('provider', NEW.id::text, modelgraph_open_change_set());
    key_state := CASE WHEN NEW.api_key_encrypted IS NULL THEN NULL
      WHEN OLD.api_key_encrypted IS NOT DISTINCT FROM NEW.api_key_encrypted THEN coalesce(prior.after::json ->> 'apiKey', 'stored')
      WHEN prior.action = 'insert' THEN 'stored' ELSE 'changed' END;
    PERFORM modelgraph_history_update(s, 'provider', NEW.id::text, NEW.name, NULL,
      modelgraph_provider_json(OLD, CASE WHEN OLD.api_key_encrypted IS NULL THEN NULL ELSE 'stored' END),
      modelgraph_provider_json(NEW, CASE WHEN NEW.api_key_encrypted IS NULL THEN NULL
        WHEN OLD.api_key_encrypted IS NOT DISTINCT FROM NEW.api_key_encrypted THEN 'stored' ELSE 'changed' END),
      modelgraph_provider_json(NEW, key_state),
      CASE WHEN OLD.api_key_encrypted IS NULL THEN NULL ELSE json_build_object('api_key_encrypted', OLD.api_key_encrypted)::text END,
      CASE WHEN NEW.api_key_encrypted IS NULL THEN NULL ELSE json_build_object('api_key_encrypted', NEW.api_key_encrypted)::text END,
      prior);
  ELSE
    s := modelgraph_log('provider', OLD.id::text, 'delete');
    PERFORM modelgraph_history_put(s, modelgraph_open_change_set(), 'provider', OLD.id::text, 'delete', OLD.name, NULL,
      modelgraph_provider_json(OLD, CASE WHEN OLD.api_key_encrypted IS NULL THEN NULL ELSE 'stored' END), NULL,
      CASE WHEN OLD.api_key_encrypted IS NULL THEN NULL ELSE json_build_object('api_key_encrypted', OLD.api_key_encrypted)::text END, NULL);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION modelgraph_model_groups_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  s bigint;
BEGIN
  IF TG_OP = 'INSERT' THEN
    s := modelgraph_log('group', NEW.id::text, 'insert');
    PERFORM modelgraph_history_put(s, modelgraph_open_change_set(), 'group', NEW.id::text, 'insert', NEW.name, NEW.id, NULL, modelgraph_group_json(NEW), NULL, NULL);
  ELSIF TG_OP = 'UPDATE' THEN
    s := modelgraph_log('group', NEW.id::text, 'update');
    IF OLD.id IS DISTINCT FROM NEW.id THEN PERFORM modelgraph_log('group', OLD.id::text, 'delete'); END IF;
    PERFORM modelgraph_history_update(s, 'group', NEW.id::text, NEW.name, NEW.id, modelgraph_group_json(OLD), modelgraph_group_json(NEW),
      modelgraph_group_json(NEW), NULL, NULL, modelgraph_history_prior('group', NEW.id::text, modelgraph_open_change_set()));
  ELSE
    s := modelgraph_log('group', OLD.id::text, 'delete');
    PERFORM modelgraph_history_put(s, modelgraph_open_change_set(), 'group', OLD.id::text, 'delete', OLD.name, OLD.id, modelgraph_group_json(OLD), NULL, NULL, NULL);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION modelgraph_deployments_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  s bigint;
BEGIN
  IF TG_OP = 'INSERT' THEN
    s := modelgraph_log('deployment', NEW.id::text, 'insert');
    PERFORM modelgraph_history_put(s, modelgraph_open_change_set(), 'deployment', NEW.id::text, 'insert', modelgraph_group_name(NEW.group_id), NEW.group_id,
      NULL, modelgraph_deployment_json(NEW), NULL, modelgraph_sealed('extra_params', NEW.extra_params::text));
  ELSIF TG_OP = 'UPDATE' THEN
    s := modelgraph_log('deployment', NEW.id::text, 'update');
    IF OLD.id IS DISTINCT FROM NEW.id THEN PERFORM modelgraph_log('deployment', OLD.id::text, 'delete'); END IF;
    PERFORM modelgraph_history_update(s, 'deployment', NEW.id::text, modelgraph_group_name(NEW.group_id), NEW.group_id,
      modelgraph_deployment_json(OLD), modelgraph_deployment_json(NEW), modelgraph_deployment_json(NEW),
      modelgraph_sealed('extra_params', OLD.extra_params::text), modelgraph_sealed('extra_params', NEW.extra_params::text),
      modelgraph_history_prior('deployment', NEW.id::text, modelgraph_open_change_set()));
  ELSE
    s := modelgraph_log('deployment', OLD.id::text, 'delete');
    PERFORM modelgraph_history_put(s, modelgraph_open_change_set(), 'deployment', OLD.id::text, 'delete', modelgraph_group_name(OLD.group_id), OLD.group_id,
      modelgraph_deployment_json(OLD), NULL, modelgraph_sealed('extra_params', OLD.extra_params::text), NULL);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- An alias's history row has no group_id (as on SQLite: ModelGroup.history reads a group's own and its deployments' changes).
CREATE FUNCTION modelgraph_aliases_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  s bigint;
BEGIN
  IF TG_OP = 'INSERT' THEN
    s := modelgraph_log('alias', NEW.id::text, 'insert');
    PERFORM modelgraph_history_put(s, modelgraph_open_change_set(), 'alias', NEW.id::text, 'insert', NEW.name, NULL, NULL, modelgraph_alias_json(NEW), NULL, NULL);
  ELSIF TG_OP = 'UPDATE' THEN
    s := modelgraph_log('alias', NEW.id::text, 'update');
    IF OLD.id IS DISTINCT FROM NEW.id THEN PERFORM modelgraph_log('alias', OLD.id::text, 'delete'); END IF;
    PERFORM modelgraph_history_update(s, 'alias', NEW.id::text, NEW.name, NULL, modelgraph_alias_json(OLD), modelgraph_alias_json(NEW),
      modelgraph_alias_json(NEW), NULL, NULL, modelgraph_history_prior('alias', NEW.id::text, modelgraph_open_change_set()));
  ELSE
    s := modelgraph_log('alias', OLD.id::text, 'delete');
    PERFORM modelgraph_history_put(s, modelgraph_open_change_set(), 'alias', OLD.id::text, 'delete', OLD.name, NULL, modelgraph_alias_json(OLD), NULL, NULL, NULL);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION modelgraph_model_registries_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  s bigint;
BEGIN
  IF TG_OP = 'INSERT' THEN
    s := modelgraph_log('registry', NEW.format, 'insert');
    PERFORM modelgraph_history_put(s, modelgraph_open_change_set(), 'registry', NEW.format, 'insert', NEW.format, NULL, NULL, modelgraph_registry_json(NEW), NULL, NULL);
  ELSIF TG_OP = 'UPDATE' THEN
    s := modelgraph_log('registry', NEW.format, 'update');
    IF OLD.format IS DISTINCT FROM NEW.format THEN PERFORM modelgraph_log('registry', OLD.format, 'delete'); END IF;
    PERFORM modelgraph_history_update(s, 'registry', NEW.format, NEW.format, NULL, modelgraph_registry_json(OLD), modelgraph_registry_json(NEW),
      modelgraph_registry_json(NEW), NULL, NULL, modelgraph_history_prior('registry', NEW.format, modelgraph_open_change_set()));
  ELSE
    s := modelgraph_log('registry', OLD.format, 'delete');
    PERFORM modelgraph_history_put(s, modelgraph_open_change_set(), 'registry', OLD.format, 'delete', OLD.format, NULL, modelgraph_registry_json(OLD), NULL, NULL, NULL);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION modelgraph_config_documents_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  s bigint;
BEGIN
  IF TG_OP = 'INSERT' THEN
    s := modelgraph_log('document', NEW.format, 'insert');
    PERFORM modelgraph_history_put(s, modelgraph_open_change_set(), 'document', NEW.format, 'insert', NEW.format, NULL,
      NULL, modelgraph_document_json(NEW), NULL, modelgraph_sealed('content', NEW.content::text));
  ELSIF TG_OP = 'UPDATE' THEN
    s := modelgraph_log('document', NEW.format, 'update');
    IF OLD.format IS DISTINCT FROM NEW.format THEN PERFORM modelgraph_log('document', OLD.format, 'delete'); END IF;
    PERFORM modelgraph_history_update(s, 'document', NEW.format, NEW.format, NULL, modelgraph_document_json(OLD), modelgraph_document_json(NEW),
      modelgraph_document_json(NEW), modelgraph_sealed('content', OLD.content::text), modelgraph_sealed('content', NEW.content::text),
      modelgraph_history_prior('document', NEW.format, modelgraph_open_change_set()));
  ELSE
    s := modelgraph_log('document', OLD.format, 'delete');
    PERFORM modelgraph_history_put(s, modelgraph_open_change_set(), 'document', OLD.format, 'delete', OLD.format, NULL,
      modelgraph_document_json(OLD), NULL, modelgraph_sealed('content', OLD.content::text), NULL);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Health: the feed only (no history). entity_id is the key as a compact JSON array, as SQLite's json_array writes it.
CREATE FUNCTION modelgraph_health_key(p_provider_id integer, p_model text, p_api_base text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT '[' || p_provider_id::text || ',' || to_json(p_model)::text || ',' || to_json(p_api_base)::text || ']'
$$;
--> statement-breakpoint
-- Statement triggers with transition tables: health results are the frequent writes (a batch per
-- sweep), and one INSERT … SELECT per statement costs about a third of what a row trigger per row
-- does (1,000-row batch, same run: 26 ms without logging, 45 ms so, 78 ms with row triggers). They
-- fire for foreign-key cascades too (a provider's delete). A key that an UPDATE changes is logged
-- as a delete of the old key beside the update of the new one (no writer does that today).
CREATE FUNCTION modelgraph_upstream_health_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v bigint;
  now_ms bigint;
BEGIN
  IF EXISTS (SELECT 1 FROM new_rows) THEN
    v := modelgraph_catalog_version();
    now_ms := modelgraph_ms();
    INSERT INTO catalog_changes (version, entity, entity_id, op, at)
      SELECT v, 'health', modelgraph_health_key(n.provider_id, n.model, n.api_base), 'insert', now_ms FROM new_rows n;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION modelgraph_upstream_health_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v bigint;
  now_ms bigint;
BEGIN
  IF EXISTS (SELECT 1 FROM new_rows) THEN
    v := modelgraph_catalog_version();
    now_ms := modelgraph_ms();
    INSERT INTO catalog_changes (version, entity, entity_id, op, at)
      SELECT v, 'health', modelgraph_health_key(n.provider_id, n.model, n.api_base), 'update', now_ms FROM new_rows n
      UNION ALL
      SELECT v, 'health', modelgraph_health_key(o.provider_id, o.model, o.api_base), 'delete', now_ms FROM old_rows o
      WHERE NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.provider_id = o.provider_id AND n.model = o.model AND n.api_base = o.api_base);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION modelgraph_upstream_health_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v bigint;
  now_ms bigint;
BEGIN
  IF EXISTS (SELECT 1 FROM old_rows) THEN
    v := modelgraph_catalog_version();
    now_ms := modelgraph_ms();
    INSERT INTO catalog_changes (version, entity, entity_id, op, at)
      SELECT v, 'health', modelgraph_health_key(o.provider_id, o.model, o.api_base), 'delete', now_ms FROM old_rows o;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER catalog_changes_providers AFTER INSERT OR UPDATE OR DELETE ON providers FOR EACH ROW EXECUTE FUNCTION modelgraph_providers_row();
--> statement-breakpoint
CREATE TRIGGER catalog_changes_model_groups AFTER INSERT OR UPDATE OR DELETE ON model_groups FOR EACH ROW EXECUTE FUNCTION modelgraph_model_groups_row();
--> statement-breakpoint
CREATE TRIGGER catalog_changes_deployments AFTER INSERT OR UPDATE OR DELETE ON deployments FOR EACH ROW EXECUTE FUNCTION modelgraph_deployments_row();
--> statement-breakpoint
CREATE TRIGGER catalog_changes_aliases AFTER INSERT OR UPDATE OR DELETE ON aliases FOR EACH ROW EXECUTE FUNCTION modelgraph_aliases_row();
--> statement-breakpoint
CREATE TRIGGER catalog_changes_upstream_health_insert AFTER INSERT ON upstream_health REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION modelgraph_upstream_health_inserted();
--> statement-breakpoint
CREATE TRIGGER catalog_changes_upstream_health_update AFTER UPDATE ON upstream_health REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION modelgraph_upstream_health_updated();
--> statement-breakpoint
CREATE TRIGGER catalog_changes_upstream_health_delete AFTER DELETE ON upstream_health REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION modelgraph_upstream_health_deleted();
--> statement-breakpoint
CREATE TRIGGER catalog_changes_model_registries AFTER INSERT OR UPDATE OR DELETE ON model_registries FOR EACH ROW EXECUTE FUNCTION modelgraph_model_registries_row();
--> statement-breakpoint
CREATE TRIGGER catalog_changes_config_documents AFTER INSERT OR UPDATE OR DELETE ON config_documents FOR EACH ROW EXECUTE FUNCTION modelgraph_config_documents_row();
--> statement-breakpoint
CREATE TRIGGER catalog_lock_providers BEFORE INSERT OR UPDATE OR DELETE ON providers FOR EACH STATEMENT EXECUTE FUNCTION modelgraph_catalog_lock();
--> statement-breakpoint
CREATE TRIGGER catalog_lock_public_names BEFORE INSERT OR UPDATE OR DELETE ON public_names FOR EACH STATEMENT EXECUTE FUNCTION modelgraph_catalog_lock();
--> statement-breakpoint
CREATE TRIGGER catalog_lock_model_groups BEFORE INSERT OR UPDATE OR DELETE ON model_groups FOR EACH STATEMENT EXECUTE FUNCTION modelgraph_catalog_lock();
--> statement-breakpoint
CREATE TRIGGER catalog_lock_deployments BEFORE INSERT OR UPDATE OR DELETE ON deployments FOR EACH STATEMENT EXECUTE FUNCTION modelgraph_catalog_lock();
--> statement-breakpoint
CREATE TRIGGER catalog_lock_aliases BEFORE INSERT OR UPDATE OR DELETE ON aliases FOR EACH STATEMENT EXECUTE FUNCTION modelgraph_catalog_lock();
--> statement-breakpoint
CREATE TRIGGER catalog_lock_upstream_health BEFORE INSERT OR UPDATE OR DELETE ON upstream_health FOR EACH STATEMENT EXECUTE FUNCTION modelgraph_catalog_lock();
--> statement-breakpoint
CREATE TRIGGER catalog_lock_model_registries BEFORE INSERT OR UPDATE OR DELETE ON model_registries FOR EACH STATEMENT EXECUTE FUNCTION modelgraph_catalog_lock();
--> statement-breakpoint
CREATE TRIGGER catalog_lock_config_documents BEFORE INSERT OR UPDATE OR DELETE ON config_documents FOR EACH STATEMENT EXECUTE FUNCTION modelgraph_catalog_lock();
--> statement-breakpoint
-- TRUNCATE fires no row trigger: it would change the catalog without a log row, so it is refused.
CREATE FUNCTION modelgraph_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'TRUNCATE % is not logged in the change feed; use DELETE', TG_TABLE_NAME;
END
$$;
--> statement-breakpoint
CREATE TRIGGER catalog_no_truncate BEFORE TRUNCATE ON providers FOR EACH STATEMENT EXECUTE FUNCTION modelgraph_refuse_truncate();
--> statement-breakpoint
CREATE TRIGGER catalog_no_truncate BEFORE TRUNCATE ON public_names FOR EACH STATEMENT EXECUTE FUNCTION modelgraph_refuse_truncate();
--> statement-breakpoint
CREATE TRIGGER catalog_no_truncate BEFORE TRUNCATE ON model_groups FOR EACH STATEMENT EXECUTE FUNCTION modelgraph_refuse_truncate();
--> statement-breakpoint
CREATE TRIGGER catalog_no_truncate BEFORE TRUNCATE ON deployments FOR EACH STATEMENT EXECUTE FUNCTION modelgraph_refuse_truncate();
--> statement-breakpoint
CREATE TRIGGER catalog_no_truncate BEFORE TRUNCATE ON aliases FOR EACH STATEMENT EXECUTE FUNCTION modelgraph_refuse_truncate();
--> statement-breakpoint
CREATE TRIGGER catalog_no_truncate BEFORE TRUNCATE ON upstream_health FOR EACH STATEMENT EXECUTE FUNCTION modelgraph_refuse_truncate();
--> statement-breakpoint
CREATE TRIGGER catalog_no_truncate BEFORE TRUNCATE ON model_registries FOR EACH STATEMENT EXECUTE FUNCTION modelgraph_refuse_truncate();
--> statement-breakpoint
CREATE TRIGGER catalog_no_truncate BEFORE TRUNCATE ON config_documents FOR EACH STATEMENT EXECUTE FUNCTION modelgraph_refuse_truncate();
