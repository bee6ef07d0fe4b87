package dev.eventlabs.lab33.db;

/**
 * What one committed transaction did.
 *
 * @param applied            orders whose effect was written (new idempotency keys)
 * @param duplicatesInBatch  records whose key appeared earlier in the same batch
 * @param duplicatesKnown    records whose key was already in {@code processed_messages}
 */
public record ApplyResult(int applied, int duplicatesInBatch, int duplicatesKnown) {
    public static final ApplyResult NOTHING = new ApplyResult(0, 0, 0);

    public int duplicates() {
        return duplicatesInBatch + duplicatesKnown;
    }

    public ApplyResult plus(ApplyResult other) {
        return new ApplyResult(applied + other.applied, duplicatesInBatch + other.duplicatesInBatch,
                duplicatesKnown + other.duplicatesKnown);
    }
}
