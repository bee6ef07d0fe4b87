-- Lab 3.3, schema version 1: the tables of docs/CONTRACTS.md.

-- The dedup record: one row per idempotency key (the order_id) ever applied.
CREATE TABLE processed_messages (
    -- BEGIN SOLUTION 3.3.1
    -- STUB: idempotency_key TEXT        NOT NULL, -- TODO step 3.3.1: make this the idempotency key
    -- Its PRIMARY KEY is what makes the consumer idempotent: a second INSERT of the same key does nothing
    -- (ON CONFLICT DO NOTHING).
    idempotency_key TEXT PRIMARY KEY,
    -- END SOLUTION
    topic           TEXT        NOT NULL,
    partition       INT         NOT NULL,
    "offset"        BIGINT      NOT NULL,
    processed_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- The purge deletes by age.
CREATE INDEX processed_messages_processed_at_idx ON processed_messages (processed_at);

-- The effect. Deliberately NO unique constraint on order_id: stopping a second effect is the dedup table's job,
-- and --naive mode shows what happens without it.
CREATE TABLE ledger_entries (
    id               BIGSERIAL PRIMARY KEY,
    order_id         TEXT        NOT NULL,
    user_id          TEXT        NOT NULL,
    amount_cents     BIGINT      NOT NULL,
    currency         TEXT        NOT NULL,
    order_created_at TIMESTAMPTZ NOT NULL,
    source_partition INT         NOT NULL,
    source_offset    BIGINT      NOT NULL,
    applied_by       TEXT        NOT NULL,
    applied_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- Not unique: the verification counts entries per order_id with it.
CREATE INDEX ledger_entries_order_id_idx ON ledger_entries (order_id);

-- The running total the effect updates.
CREATE TABLE account_balances (
    user_id       TEXT PRIMARY KEY,
    balance_cents BIGINT NOT NULL
);
