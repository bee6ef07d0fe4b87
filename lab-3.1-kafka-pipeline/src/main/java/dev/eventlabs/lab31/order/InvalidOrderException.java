package dev.eventlabs.lab31.order;

/**
 * A record value that is not a valid order: not JSON, or a field missing or invalid. The message is the reason that
 * goes into the dead-letter record's header, so it names the field and what was wrong with it.
 */
public class InvalidOrderException extends Exception {
    public InvalidOrderException(String reason) {
        super(reason);
    }
}
