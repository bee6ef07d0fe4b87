package dev.eventlabs.lab31.bench;

import dev.eventlabs.lab31.PipelineConfig;
import dev.eventlabs.lab31.produce.AckLedger;
import dev.eventlabs.lab31.produce.AckTimings;
import dev.eventlabs.lab31.produce.OrderProducer;

import java.nio.file.Path;
import java.time.Duration;

/** One measured run of the lab's order producer, shared by the benchmarks. */
final class LabProducerRun {
    private LabProducerRun() {
    }

    /**
     * Runs the lab's producer for {@code inRunWarmup + count} orders and returns its rate over the last {@code count}:
     * timed from the send of order {@code inRunWarmup + 1} until the producer closed, exactly the window of Kafka's
     * ProducerPerformance steady-state line (from the send of its first non-warm-up record until it closed).
     *
     * @throws IllegalStateException if it does not finish within {@code timeout} or any order was not acknowledged
     */
    static double rate(String bootstrap, String topic, Path dir, int users, int count, int inRunWarmup,
                       Duration timeout) throws InterruptedException {
        PipelineConfig config = PipelineConfig.builder().topic(topic).orders(count + inRunWarmup).users(users)
                .ratePerSecond(0).poisonRecords(0).outputDirectory(dir).build();
        AckLedger ledger = new AckLedger();
        OrderProducer producer = new OrderProducer(config, bootstrap, ledger, new AckTimings());
        producer.markSendMilestone(inRunWarmup);
        producer.start();
        if (!producer.awaitDone(timeout)) {
            producer.shutdown();
            throw new IllegalStateException("the lab producer did not finish within " + timeout);
        }
        if (ledger.failedCount() > 0 || ledger.acknowledgedCount() != count + inRunWarmup) {
            throw new IllegalStateException("lab producer: " + ledger.acknowledgedCount() + " acknowledged, "
                    + ledger.failuresByKind() + " failed");
        }
        double seconds = (inRunWarmup > 0 ? producer.nanosSinceSendMilestone() : producer.elapsedNanos()) / 1e9;
        return count / seconds;
    }
}
