-- Switchboard store, version 1. Portable between H2 and PostgreSQL: no vendor types.
-- Tenants, limits and budgets are empty here; the governance parts of issue 13 fill them.
CREATE TABLE tenants (
    id          VARCHAR(128) PRIMARY KEY,
    name        VARCHAR(256) NOT NULL,
    created_at  BIGINT NOT NULL,
    metadata    VARCHAR(8192)
);

-- a key is stored under the HMAC of its secret's SHA-256 (never the secret); record is the signed JSON
CREATE TABLE api_keys (
    keyed_hash  VARCHAR(128) PRIMARY KEY,
    key_id      VARCHAR(64) NOT NULL,
    record      VARCHAR(8192) NOT NULL,
    created_at  BIGINT NOT NULL,
    revoked_at  BIGINT
);
CREATE INDEX api_keys_key_id ON api_keys (key_id);

CREATE TABLE limit_rules (
    id          VARCHAR(128) PRIMARY KEY,
    scope_type  VARCHAR(32) NOT NULL,
    scope_id    VARCHAR(128) NOT NULL,
    kind        VARCHAR(64) NOT NULL,
    definition  VARCHAR(8192) NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE budgets (
    id          VARCHAR(128) PRIMARY KEY,
    scope_type  VARCHAR(32) NOT NULL,
    scope_id    VARCHAR(128) NOT NULL,
    amount      NUMERIC(20, 10) NOT NULL,
    period      VARCHAR(32) NOT NULL,
    definition  VARCHAR(8192),
    created_at  BIGINT NOT NULL
);

-- one row per request; the request id makes a retried batch insert nothing twice
CREATE TABLE usage_ledger (
    request_id        VARCHAR(64) PRIMARY KEY,
    at_millis         BIGINT NOT NULL,
    tenant            VARCHAR(128),
    key_id            VARCHAR(64),
    model             VARCHAR(256),
    provider_type     VARCHAR(64),
    instance          VARCHAR(128),
    prompt_tokens     BIGINT NOT NULL,
    completion_tokens BIGINT NOT NULL,
    cached_tokens     BIGINT NOT NULL,
    reasoning_tokens  BIGINT NOT NULL,
    cost              NUMERIC(20, 10) NOT NULL,
    latency_ms        BIGINT NOT NULL,
    status            VARCHAR(64) NOT NULL,
    error_code        VARCHAR(64)
);
CREATE INDEX usage_ledger_at ON usage_ledger (at_millis);
CREATE INDEX usage_ledger_tenant_at ON usage_ledger (tenant, at_millis);
