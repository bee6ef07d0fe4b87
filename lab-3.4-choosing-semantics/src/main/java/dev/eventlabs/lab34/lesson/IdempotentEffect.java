package dev.eventlabs.lab34.lesson;

import dev.eventlabs.lab34.Job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Step 3.4.7: a payment's side effect in PostgreSQL, applied at most once however often Kafka delivers its record.
 * The job id is the idempotency key: claiming it in {@code idem_processed} and writing the effect to
 * {@code idem_effects} happen in the caller's transaction, so they commit together or not at all, and a key is marked
 * processed exactly when its effect exists. That is what Kafka's transactions cannot give a database.
 *
 * <p>Contract: call with a connection whose auto-commit is off (the caller commits or rolls back, once per batch);
 * this method neither commits nor rolls back. A JDBC connection is not thread-safe, so neither is a call on a shared
 * one. Two transactions claiming the same key at once: the second waits for the first, then claims nothing.
 */
public final class IdempotentEffect {
    private IdempotentEffect() {
    }

    /**
     * Applies {@code job}'s effect once: claims its id in {@code idem_processed}, and only when that claimed it (no
     * row had the key) inserts the effect row into {@code idem_effects}.
     *
     * @param c a connection inside the caller's transaction, whose search path holds the lab's tables
     * @return {@code true} when this call applied the effect; {@code false} when the key was already processed
     * @throws SQLException when a statement fails; the caller rolls the whole batch back
     */
    public static boolean apply(Connection c, Job job) throws SQLException {
        // Step 3.4.7: claim the key with ON CONFLICT DO NOTHING; insert the effect only when the claim inserted a row.
        // BEGIN SOLUTION 3.4.7
        try (PreparedStatement claim = c.prepareStatement(
                "INSERT INTO idem_processed (idempotency_key) VALUES (?) ON CONFLICT DO NOTHING")) {
            claim.setString(1, job.id());
            if (claim.executeUpdate() == 0) {
                return false;
            }
        }
        try (PreparedStatement effect = c.prepareStatement(
                "INSERT INTO idem_effects (payment_id, user_id, amount_cents) VALUES (?, ?, ?)")) {
            effect.setString(1, job.id());
            effect.setString(2, job.userId());
            effect.setLong(3, job.amountCents());
            effect.executeUpdate();
        }
        return true;
        // END SOLUTION
    }
}
