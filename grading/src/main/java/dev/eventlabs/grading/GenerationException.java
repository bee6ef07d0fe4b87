package dev.eventlabs.grading;

/** The starter cannot be written as asked: the message names the file and line, or the step, and what is wrong. */
public final class GenerationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GenerationException(String message) {
        super(message);
    }
}
