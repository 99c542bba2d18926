-- Switchboard store, version 3: the projects and users of tenants, and the request context in the ledger.
-- A project's and a user's id is unique within its tenant.
CREATE TABLE projects (
    tenant_id   VARCHAR(128) NOT NULL,
    id          VARCHAR(128) NOT NULL,
    name        VARCHAR(256) NOT NULL,
    created_at  BIGINT NOT NULL,
    metadata    VARCHAR(8192),
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE tenant_users (
    tenant_id   VARCHAR(128) NOT NULL,
    id          VARCHAR(128) NOT NULL,
    name        VARCHAR(256) NOT NULL,
    role        VARCHAR(32) NOT NULL,
    created_at  BIGINT NOT NULL,
    metadata    VARCHAR(8192),
    PRIMARY KEY (tenant_id, id)
);

-- who within the tenant sent the request (from the key, a JWT or the request's headers)
ALTER TABLE usage_ledger ADD COLUMN project VARCHAR(128);
ALTER TABLE usage_ledger ADD COLUMN user_id VARCHAR(256);
ALTER TABLE usage_ledger ADD COLUMN session_id VARCHAR(256);
ALTER TABLE usage_ledger ADD COLUMN tags VARCHAR(1024);
