package dev.eventlabs.lab33.db;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a key must stay in {@code processed_messages}. A key may only be forgotten once no copy of its record can
 * be delivered again. The longest redelivery is a replay of the oldest record still in the topic, and Kafka deletes
 * whole segments, so a record can outlive {@code retention.ms} by up to one {@code segment.ms}. Hence:
 * {@code window > retention.ms + segment.ms}, plus a margin for clock skew and for a consumer that lags.
 *
 * @param window      keep keys at least this long after they were processed
 * @param redelivery  the longest time a record can still be read from the topic
 */
public record DedupRetention(Duration window, Duration redelivery) {
    /** Added to the redelivery window by {@link #forTopic}: clock skew, lag, and an operator's slow replay. */
    public static final Duration DEFAULT_MARGIN = Duration.ofDays(1);

    public DedupRetention {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(redelivery, "redelivery");
        if (window.compareTo(redelivery) <= 0) {
            throw new IllegalArgumentException("the dedup window (" + window + ") must be longer than the longest"
                    + " redelivery window (" + redelivery + " = the topic's retention.ms + segment.ms): a key purged"
                    + " earlier could be applied twice when its record is replayed");
        }
    }

    /**
     * The window for a topic.
     *
     * @param retention the topic's {@code retention.ms}; {@code null} when infinite ({@code -1}), then keys are kept
     *                  forever and {@code null} is returned
     * @param segment   the topic's {@code segment.ms}
     * @param requested the window asked for, or {@code null} for redelivery + {@link #DEFAULT_MARGIN}
     */
    public static DedupRetention forTopic(Duration retention, Duration segment, Duration requested) {
        if (retention == null) {
            return null;
        }
        Duration redelivery = retention.plus(segment);
        return new DedupRetention(requested != null ? requested : redelivery.plus(DEFAULT_MARGIN), redelivery);
    }
}
