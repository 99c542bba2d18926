-- Every endpoint is booked, not only chat: which one, and what it was priced by besides tokens.
ALTER TABLE usage_ledger ADD COLUMN endpoint VARCHAR(64) DEFAULT 'chat' NOT NULL;
ALTER TABLE usage_ledger ADD COLUMN images BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE usage_ledger ADD COLUMN audio_seconds NUMERIC(20, 3) DEFAULT 0 NOT NULL;
