-- a second version for the migration tests only (not in the bundle)
ALTER TABLE tenants ADD COLUMN time_zone VARCHAR(64);
