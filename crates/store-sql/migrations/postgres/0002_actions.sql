-- Portcullis schema 0002 (PostgreSQL): actions. Keep table and column names identical to
-- sqlite/0002_actions.sql. Times are milliseconds since the Unix epoch.

-- `deployed_version_id` is set by deploys only and is authoritative over `data`.
CREATE TABLE actions (
    tenant_id            TEXT    NOT NULL,
    id                   TEXT    NOT NULL,
    name                 TEXT    NOT NULL,
    created_at           BIGINT  NOT NULL,
    deployed_version_id  TEXT,
    data                 TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, name)
);
CREATE INDEX actions_by_creation ON actions (tenant_id, created_at, id);

-- One row per trigger an action supports, for listings filtered by trigger.
CREATE TABLE action_supported_triggers (
    tenant_id   TEXT    NOT NULL,
    trigger_id  TEXT    NOT NULL,
    action_id   TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, trigger_id, action_id)
);
CREATE INDEX action_supported_triggers_by_action ON action_supported_triggers (tenant_id, action_id);

-- `deployed` changes when a newer version is deployed, so it is authoritative over `data`.
CREATE TABLE action_versions (
    tenant_id   TEXT    NOT NULL,
    id          TEXT    NOT NULL,
    action_id   TEXT    NOT NULL,
    number      BIGINT  NOT NULL,
    deployed    BIGINT  NOT NULL,
    created_at  BIGINT  NOT NULL,
    data        TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, action_id, number)
);
CREATE UNIQUE INDEX action_versions_one_deployed ON action_versions (tenant_id, action_id) WHERE deployed = 1;

CREATE TABLE action_bindings (
    tenant_id   TEXT    NOT NULL,
    id          TEXT    NOT NULL,
    trigger_id  TEXT    NOT NULL,
    action_id   TEXT    NOT NULL,
    position    BIGINT  NOT NULL,
    data        TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, trigger_id, position)
);
CREATE INDEX action_bindings_by_action ON action_bindings (tenant_id, action_id);

-- One row per trigger whose bindings were ever replaced: a replacement first bumps it, which
-- serialises concurrent replacements of one trigger's bindings on PostgreSQL.
CREATE TABLE action_binding_revisions (
    tenant_id   TEXT    NOT NULL,
    trigger_id  TEXT    NOT NULL,
    revision    BIGINT  NOT NULL,
    PRIMARY KEY (tenant_id, trigger_id)
);

CREATE TABLE action_executions (
    tenant_id   TEXT    NOT NULL,
    id          TEXT    NOT NULL,
    trigger_id  TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    data        TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE action_cache (
    tenant_id   TEXT    NOT NULL,
    scope       TEXT    NOT NULL,
    cache_key   TEXT    NOT NULL,
    value       TEXT    NOT NULL,
    expires_at  BIGINT  NOT NULL,
    PRIMARY KEY (tenant_id, scope, cache_key)
);
