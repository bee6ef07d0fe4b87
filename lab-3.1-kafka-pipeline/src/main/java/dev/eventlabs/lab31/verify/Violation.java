package dev.eventlabs.lab31.verify;

/**
 * A broken per-key ordering guarantee within one group.
 *
 * @param kind   {@link Kind#GAP}: a sequence arrived while earlier acknowledged ones had not;
 *               {@link Kind#OUT_OF_ORDER}: a first delivery arrived after a later sequence of the same user
 * @param detail what arrived when, in words
 */
public record Violation(Kind kind, String group, String userId, String detail) {
    public enum Kind {
        GAP, OUT_OF_ORDER
    }
}
