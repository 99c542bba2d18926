-- Switchboard store, version 4: routes (model aliases) set at run time; record is the signed JSON core wrote.
CREATE TABLE routes (
    alias       VARCHAR(128) PRIMARY KEY,
    record      VARCHAR(16384) NOT NULL,
    updated_at  BIGINT NOT NULL
);
