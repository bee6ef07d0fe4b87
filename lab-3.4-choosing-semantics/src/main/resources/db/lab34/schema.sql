-- Lab 3.4, the eos scenario's tables. The scenario runs this in a schema of its own (lab34_<run id>, the
-- connection's search path), so a re-run never sees an earlier run's rows. Safe to run twice.

-- (a) The effect the transactional (EOS) processor writes. Deliberately NO unique constraint on payment_id: a second
-- row for a payment is the double effect that Kafka's transactions cannot prevent, and the scenario counts them.
CREATE TABLE IF NOT EXISTS eos_effects (
    id           BIGSERIAL PRIMARY KEY,
    payment_id   TEXT        NOT NULL,
    user_id      TEXT        NOT NULL,
    amount_cents BIGINT      NOT NULL,
    applied_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- (b) The dedup record: one row per idempotency key (the payment's job id) ever applied. Its PRIMARY KEY is what
-- makes the effect idempotent: a second INSERT of the same key conflicts, and ON CONFLICT DO NOTHING inserts nothing.
CREATE TABLE IF NOT EXISTS idem_processed (
    idempotency_key TEXT PRIMARY KEY,
    processed_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The effect the idempotent processor writes: the same shape as eos_effects, and again no unique payment_id, so
-- only the dedup table stands between a redelivery and a second row.
CREATE TABLE IF NOT EXISTS idem_effects (
    id           BIGSERIAL PRIMARY KEY,
    payment_id   TEXT        NOT NULL,
    user_id      TEXT        NOT NULL,
    amount_cents BIGINT      NOT NULL,
    applied_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
