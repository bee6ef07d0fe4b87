package dev.eventlabs.lab34.eos;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

import java.sql.SQLException;

/**
 * How both processors sort a failed batch: fatal stops the run; anything else (a database error, a timed-out or
 * refused commit) undoes the batch and redoes it, at most {@link #MAX_IN_A_ROW} times in a row. Not thread-safe.
 */
final class BatchFailures {
    static final int MAX_IN_A_ROW = 3;
    private int inARow;

    /**
     * Counts a failed batch.
     *
     * @return whether to undo and redo it; {@code false} when the failure is fatal or the batches keep failing, and
     *         the caller rethrows it
     */
    boolean shouldRedo(Exception e) {
        return !isFatal(e) && ++inARow <= MAX_IN_A_ROW;
    }

    void succeeded() {
        inARow = 0;
    }

    /**
     * Another instance owns the transactional.id or the group's instance id, the cluster refuses us, the producer's
     * sequence is broken, or the thread was interrupted: redoing the batch cannot help.
     */
    static boolean isFatal(Exception e) {
        if (e instanceof SQLException) {
            return false;
        }
        return e instanceof ProducerFencedException || e instanceof OutOfOrderSequenceException
                || e instanceof AuthorizationException || e instanceof UnsupportedVersionException
                || e instanceof FencedInstanceIdException || e instanceof InterruptException
                || !(e instanceof KafkaException);
    }
}
