package dev.eventlabs.lab33.db;

/** The statements of the batched stores, one per step, each taking a whole batch as arrays. */
final class BatchSql {
    private BatchSql() {
    }

    /**
     * Step 1, the dedup: claims the batch's keys, sorted so two consumers claiming overlapping batches wait on each
     * other in the same order (no deadlock). Returns only the keys that were new.
     */
    static final String CLAIM_KEYS = """
            INSERT INTO processed_messages (idempotency_key, topic, partition, "offset")
            SELECT k.idempotency_key, ?, k.partition, k."offset"
            FROM unnest(?::text[], ?::int[], ?::bigint[]) AS k(idempotency_key, partition, "offset")
            ORDER BY k.idempotency_key
            ON CONFLICT (idempotency_key) DO NOTHING
            RETURNING idempotency_key""";

    /** Step 2, the effect: one ledger entry per order given (the new ones only, in idempotent mode). */
    static final String INSERT_LEDGER = """
            INSERT INTO ledger_entries (order_id, user_id, amount_cents, currency, order_created_at,
                                        source_partition, source_offset, applied_by)
            SELECT o.order_id, o.user_id, o.amount_cents, o.currency, o.created_at::timestamptz,
                   o.partition, o."offset", ?
            FROM unnest(?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::int[], ?::bigint[])
                 AS o(order_id, user_id, amount_cents, currency, created_at, partition, "offset")""";

    /**
     * Step 3, the balances: one upsert per user, in {@code user_id} order, so concurrent consumers lock balance rows in
     * the same order and cannot deadlock.
     */
    static final String ADD_TO_BALANCES = """
            INSERT INTO account_balances (user_id, balance_cents)
            SELECT d.user_id, d.delta
            FROM unnest(?::text[], ?::bigint[]) AS d(user_id, delta)
            ORDER BY d.user_id
            ON CONFLICT (user_id) DO UPDATE
                SET balance_cents = account_balances.balance_cents + EXCLUDED.balance_cents""";
}
