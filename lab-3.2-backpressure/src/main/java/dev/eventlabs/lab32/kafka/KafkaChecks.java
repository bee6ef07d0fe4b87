package dev.eventlabs.lab32.kafka;

import dev.eventlabs.lab32.scenario.Check;
import dev.eventlabs.lab32.scenario.LessonChecks;

import java.util.ArrayList;
import java.util.List;

import static dev.eventlabs.lab32.scenario.LessonChecks.f;

/**
 * The Kafka scenario's claims, checked against a {@link KafkaMeasurement}. Pure functions.
 */
public final class KafkaChecks {
    /**
     * What the Kafka clients may hold on the heap besides the worker queue: the producer's buffer of unacknowledged
     * batches, and the consumer's fetches (one in flight per broker of a 3-broker cluster, one being handed out).
     * Well under the payload a few seconds of lag hold, so a backlog kept on the heap fails the check.
     */
    public static final long CLIENT_HEAP_ALLOWANCE_BYTES =
            KafkaClients.BUFFER_MEMORY + 4L * KafkaClients.FETCH_MAX_BYTES;

    private KafkaChecks() {
    }

    public static List<Check> of(KafkaMeasurement m, KafkaSettings settings) {
        ConsumerStats s = m.consumer();
        List<Check> checks = new ArrayList<>();
        checks.add(Check.of("the consumer pauses when its worker queue is full and resumes when it drains",
                s.pauses() >= 1 && s.resumes() >= 1,
                f("%d pauses, %d resumes", s.pauses(), s.resumes())));
        checks.add(Check.of("it resumes only once the worker has drained the queue to the low-water mark",
                s.deepestResume() <= settings.resumeAtDepth(),
                f("deepest queue at a resume %,d, low-water mark %,d", s.deepestResume(), settings.resumeAtDepth())));
        checks.add(Check.of("the worker queue never exceeds its capacity",
                s.queue().maxDepth() <= settings.queueCapacity() && m.consumerFailure() == null,
                f("max depth %,d of %,d%s", s.queue().maxDepth(), settings.queueCapacity(),
                        m.consumerFailure() == null ? "" : "; consumer failed: " + m.consumerFailure())));
        checks.add(Check.of("it keeps polling while paused, so no rebalance happens",
                s.rebalances() == 0 && s.maxPollGapMs() < settings.maxPollInterval().toMillis(),
                f("%d rebalances; longest gap between polls %,d ms (max.poll.interval.ms %,d)", s.rebalances(),
                        s.maxPollGapMs(), settings.maxPollInterval().toMillis())));
        long backlog = m.acked() - s.processed();
        checks.add(Check.of("the backlog shows up as consumer lag in Kafka",
                m.finalLag() > 0 && m.finalLag() == backlog,
                f("lag %,d = acknowledged %,d - processed %,d (%,d)", m.finalLag(), m.acked(), s.processed(),
                        backlog)));
        long allowed = settings.queueCapacity() * (m.payloadBytes() + LessonChecks.ITEM_OVERHEAD_BYTES)
                + CLIENT_HEAP_ALLOWANCE_BYTES + LessonChecks.FLAT_HEAP_SLACK_BYTES;
        checks.add(Check.of("the backlog is not on the consumer's heap", m.heapGrowthBytes() <= allowed,
                f("live heap changed %s while the lag holds %s of payload; allowed %s",
                        LessonChecks.bytes(m.heapGrowthBytes()), LessonChecks.bytes(m.finalLag() * m.payloadBytes()),
                        LessonChecks.bytes(allowed))));
        checks.add(Check.of("nothing is lost",
                s.gaps() == 0 && s.duplicates() == 0 && m.sendFailures() == 0,
                f("%d offsets skipped, %d records processed twice, %d sends failed", s.gaps(), s.duplicates(),
                        m.sendFailures())));
        return checks;
    }
}
