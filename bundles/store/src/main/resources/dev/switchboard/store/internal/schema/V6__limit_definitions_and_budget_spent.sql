-- Switchboard store, version 5: limit and budget definitions written through the admin API, and snapshots of
-- what each budget has spent. V1's limit_rules and budgets tables stay unused: their columns (scope, amount) copy
-- parts of a definition whose syntax belongs to its strategy bundle, and they hold no signature.
-- id is '<strategy>/<limit name>'; record is the signed JSON core wrote (the definition, or its removal).
CREATE TABLE limit_definitions (
    id          VARCHAR(300) PRIMARY KEY,
    record      VARCHAR(16384) NOT NULL,
    updated_at  BIGINT NOT NULL
);

-- budget is the grid key (budget:<name>[:<value>]:<period>); spent in the budget's units (nano-USD for money);
-- expires_at (epoch millis, 0: never) is when the grid would have dropped it
CREATE TABLE budget_spent (
    budget      VARCHAR(700) PRIMARY KEY,
    spent       BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
