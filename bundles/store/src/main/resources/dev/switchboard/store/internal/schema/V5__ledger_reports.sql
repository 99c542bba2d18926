-- Switchboard store, version 5: the ledger books failures and cache hits; indexes for the usage reports.
-- Failed requests and cache hits are booked too: which cache level answered (null: a provider did), and what
-- the provider call would have cost. Portable between H2 and PostgreSQL.
ALTER TABLE usage_ledger ADD COLUMN cache_level VARCHAR(32);
ALTER TABLE usage_ledger ADD COLUMN saved_cost NUMERIC(20, 10) DEFAULT 0 NOT NULL;
-- the usage reports filter by a time range and one of these (tenant has its index since version 1)
CREATE INDEX usage_ledger_key_at ON usage_ledger (key_id, at_millis);
CREATE INDEX usage_ledger_model_at ON usage_ledger (model, at_millis);
CREATE INDEX usage_ledger_provider_at ON usage_ledger (provider_type, at_millis);
