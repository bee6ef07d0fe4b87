package dev.eventlabs.lab35.timeouts;

import dev.eventlabs.lab35.Clients;
import dev.eventlabs.lab35.DiagnosingOutagesLab;
import dev.eventlabs.lab35.consume.FailurePolicy;
import dev.eventlabs.lab35.consume.GroupMember;
import dev.eventlabs.support.LabInfraException;
import dev.eventlabs.support.Waits;
import dev.eventlabs.support.internal.ChildJvm;
import dev.eventlabs.support.internal.ProcessSignals;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The consumer side of the trade-off: a group of two, one member in a child JVM that is paused (SIGSTOP) or killed
 * (SIGKILL), the other in this JVM watching what the group does about it. Classic protocol, whose member session is
 * the client's {@code session.timeout.ms}. Not thread-safe: one scenario thread. {@link #close()} kills the child.
 */
final class ConsumerFailover implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(60);

    private final String bootstrapServers;
    private final String group;
    private final String topic;
    private final int partitions;
    private final Duration session;
    private final GroupMember watcher;
    private Process child;

    ConsumerFailover(String bootstrapServers, String group, String topic, int partitions, Duration session) {
        this.bootstrapServers = bootstrapServers;
        this.group = group;
        this.topic = topic;
        this.partitions = partitions;
        this.session = session;
        this.watcher = new GroupMember("session-watcher-" + group, new KafkaConsumer<>(Clients.sessionMember(
                bootstrapServers, group, "session-watcher", session), new ByteArrayDeserializer(),
                new ByteArrayDeserializer()), topic, r -> { }, FailurePolicy.RETRY_FOREVER).start();
    }

    /** Starts the child member and waits until the two share the partitions. */
    void startChild() throws InterruptedException {
        List<String> cmd = ChildJvm.command(List.of("-Xmx128m"), classpath(), PausableConsumerMain.class.getName(),
                List.of(bootstrapServers, group, topic, Long.toString(session.toMillis())));
        try {
            child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new LabInfraException("could not start the child consumer: " + e.getMessage(), e);
        }
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                int logged = 0;
                while ((line = r.readLine()) != null) {
                    if (line.equals("READY")) {
                        ready.countDown();
                    } else if (!line.startsWith("SLF4J") && logged++ < 20) { // bounded: a failing child must not flood
                        LoggerFactory.getLogger(ConsumerFailover.class).info("child consumer: {}", line);
                    }
                }
            } catch (IOException e) {
                // the child is gone: its stream closed
            }
        }, "child-consumer-output");
        reader.setDaemon(true);
        reader.start();
        if (!ready.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new LabInfraException("the child consumer did not get partitions within " + WAIT.toSeconds() + " s");
        }
        awaitShared();
    }

    private void awaitShared() {
        Waits.until(WAIT, () -> !watcher.owned().isEmpty() && watcher.owned().size() < partitions,
                "the watcher and the child consumer to share the partitions");
    }

    /** Pauses the child for {@code pause}; true when the group evicted it (a false failover). */
    boolean pauseEvicts(Duration pause) throws InterruptedException {
        long before = watcher.rebalances();
        ProcessSignals.pause(child.pid(), "the child consumer");
        try {
            Thread.sleep(pause.toMillis());
        } finally {
            ProcessSignals.resume(child.pid(), "the child consumer");
        }
        // An eviction reaches the watcher within a heartbeat; give it two and a poll.
        Thread.sleep(session.toMillis() * 2 / 3 + 500);
        boolean evicted = watcher.rebalances() > before;
        awaitShared();
        return evicted;
    }

    /** SIGKILLs the child; how long until the watcher owns every partition, in ms. */
    long killStallMs() {
        long killedAt = System.nanoTime();
        child.destroyForcibly();
        Waits.until(WAIT, () -> watcher.owned().size() == partitions, "the watcher to take over every partition");
        return (System.nanoTime() - killedAt) / 1_000_000;
    }

    private static String classpath() {
        return String.join(File.pathSeparator, location(DiagnosingOutagesLab.class),
                location(dev.eventlabs.support.KafkaClientSettings.class), location(KafkaConsumer.class),
                location(LoggerFactory.class));
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("no location for " + type, e);
        }
    }

    @Override
    public void close() {
        if (child != null) {
            child.destroyForcibly();
            try {
                child.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        watcher.shutdown();
    }
}
