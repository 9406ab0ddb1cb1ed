-- Portcullis schema 0001 (SQLite). Keep table and column names identical to postgres/0001_init.sql.
-- Each entity is a JSON `data` column plus the columns that are looked up, filtered, ordered or
-- changed atomically. Times are milliseconds since the Unix epoch.

CREATE TABLE tenants (
    id          TEXT    NOT NULL PRIMARY KEY,
    domain      TEXT    NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL,
    data        TEXT    NOT NULL
);

CREATE TABLE clients (
    tenant_id   TEXT    NOT NULL,
    client_id   TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    data        TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, client_id)
);
CREATE INDEX clients_by_creation ON clients (tenant_id, created_at, client_id);

CREATE TABLE client_grants (
    tenant_id   TEXT    NOT NULL,
    id          TEXT    NOT NULL,
    client_id   TEXT    NOT NULL,
    audience    TEXT    NOT NULL,
    seq         INTEGER NOT NULL,
    data        TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, client_id, audience)
);
CREATE INDEX client_grants_by_seq ON client_grants (tenant_id, seq, id);

CREATE TABLE resource_servers (
    tenant_id   TEXT    NOT NULL,
    id          TEXT    NOT NULL,
    identifier  TEXT    NOT NULL,
    seq         INTEGER NOT NULL,
    data        TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, identifier)
);
CREATE INDEX resource_servers_by_seq ON resource_servers (tenant_id, seq, id);

CREATE TABLE connections (
    tenant_id   TEXT    NOT NULL,
    id          TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, name)
);

CREATE TABLE users (
    tenant_id     TEXT    NOT NULL,
    user_id       TEXT    NOT NULL,
    connection    TEXT    NOT NULL,
    email_lower   TEXT,
    name_lower    TEXT,
    user_id_lower TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    logins_count  INTEGER NOT NULL,
    last_login    INTEGER,
    last_ip       TEXT,
    data          TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, user_id),
    UNIQUE (tenant_id, connection, email_lower)
);
CREATE INDEX users_by_email ON users (tenant_id, email_lower);
CREATE INDEX users_by_creation ON users (tenant_id, created_at, user_id);

CREATE TABLE roles (
    tenant_id   TEXT    NOT NULL,
    id          TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, name)
);

CREATE TABLE user_roles (
    tenant_id   TEXT    NOT NULL,
    role_id     TEXT    NOT NULL,
    user_id     TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, role_id, user_id)
);
CREATE INDEX user_roles_by_user ON user_roles (tenant_id, user_id, role_id);

CREATE TABLE codes (
    tenant_id   TEXT    NOT NULL,
    code_hash   TEXT    NOT NULL,
    family_id   TEXT    NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER,
    data        TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, code_hash)
);

CREATE TABLE refresh_tokens (
    tenant_id   TEXT    NOT NULL,
    token_hash  TEXT    NOT NULL,
    family_id   TEXT    NOT NULL,
    user_id     TEXT    NOT NULL,
    client_id   TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    rotated_at  INTEGER,
    revoked_at  INTEGER,
    data        TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, token_hash)
);
CREATE INDEX refresh_tokens_by_family ON refresh_tokens (tenant_id, family_id);
CREATE INDEX refresh_tokens_by_user ON refresh_tokens (tenant_id, user_id, client_id);

CREATE TABLE revoked_families (
    tenant_id   TEXT    NOT NULL,
    family_id   TEXT    NOT NULL,
    revoked_at  INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, family_id)
);

CREATE TABLE sessions (
    tenant_id   TEXT    NOT NULL,
    id          TEXT    NOT NULL,
    user_id     TEXT    NOT NULL,
    expires_at  INTEGER NOT NULL,
    data        TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX sessions_by_user ON sessions (tenant_id, user_id);

CREATE TABLE login_transactions (
    tenant_id   TEXT    NOT NULL,
    id          TEXT    NOT NULL,
    expires_at  INTEGER NOT NULL,
    data        TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE consents (
    tenant_id   TEXT    NOT NULL,
    user_id     TEXT    NOT NULL,
    client_id   TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, user_id, client_id)
);

CREATE TABLE consent_scopes (
    tenant_id   TEXT    NOT NULL,
    user_id     TEXT    NOT NULL,
    client_id   TEXT    NOT NULL,
    scope       TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, user_id, client_id, scope)
);

CREATE TABLE signing_keys (
    tenant_id   TEXT    NOT NULL,
    kid         TEXT    NOT NULL,
    alg         TEXT    NOT NULL,
    is_current  INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    rotated_at  INTEGER,
    revoked_at  INTEGER,
    data        TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, kid)
);
CREATE UNIQUE INDEX signing_keys_one_current ON signing_keys (tenant_id, alg) WHERE is_current = 1;
CREATE INDEX signing_keys_by_creation ON signing_keys (tenant_id, created_at, kid);

CREATE TABLE logs (
    tenant_id   TEXT    NOT NULL,
    log_id      TEXT    NOT NULL,
    logged_at   INTEGER NOT NULL,
    kind        TEXT    NOT NULL,
    user_id     TEXT,
    client_id   TEXT,
    data        TEXT    NOT NULL,
    PRIMARY KEY (tenant_id, log_id)
);
CREATE INDEX logs_by_time ON logs (tenant_id, logged_at, log_id);
CREATE INDEX logs_by_kind ON logs (tenant_id, kind, logged_at, log_id);
CREATE INDEX logs_by_user ON logs (tenant_id, user_id, logged_at, log_id);
CREATE INDEX logs_by_client ON logs (tenant_id, client_id, logged_at, log_id);

CREATE TABLE attempts (
    tenant_id   TEXT    NOT NULL,
    user_key    TEXT    NOT NULL,
    ip          TEXT    NOT NULL,
    failures    INTEGER NOT NULL,
    last_at     INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, user_key, ip)
);
