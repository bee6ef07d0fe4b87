package dev.eventlabs.support;

/**
 * The lab's infrastructure could not be provided. The message always says what went wrong and what to do next.
 */
public class LabInfraException extends RuntimeException {
    public LabInfraException(String message) {
        super(message);
    }

    public LabInfraException(String message, Throwable cause) {
        super(message, cause);
    }
}
