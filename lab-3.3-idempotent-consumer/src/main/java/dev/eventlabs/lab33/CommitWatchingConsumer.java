package dev.eventlabs.lab33;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;

/**
 * The payments consumer's {@link KafkaConsumer}, as the loop sees it, with its offset commits watched: after each one
 * it tells the scaffolding (the counters and the crash injection, {@link Watcher}). A synchronous commit that fails
 * because the group rebalanced, or on a retriable error, is logged instead of thrown: the database is the record of
 * what was applied and the offsets only a bookmark, so a later commit covers these offsets, and a batch that comes
 * again is ignored as duplicates.
 *
 * <p>Not thread-safe, like every {@link KafkaConsumer}: used by the consumer thread only (and {@code wakeup()}).
 */
final class CommitWatchingConsumer extends KafkaConsumer<byte[], byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(CommitWatchingConsumer.class);

    /** Told after every offset commit the loop makes. */
    interface Watcher {
        /** @param committed false when the commit failed and was logged */
        void offsetsCommitted(boolean committed);
    }

    private final String name;
    private final Watcher watcher;

    CommitWatchingConsumer(Map<String, Object> settings, String name, Watcher watcher) {
        super(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.name = name;
        this.watcher = watcher;
    }

    @Override
    public void commitSync() {
        watch(super::commitSync);
    }

    @Override
    public void commitSync(Duration timeout) {
        watch(() -> super.commitSync(timeout));
    }

    @Override
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        watch(() -> super.commitSync(offsets));
    }

    @Override
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
        watch(() -> super.commitSync(offsets, timeout));
    }

    @Override
    public void commitAsync() {
        super.commitAsync();
        watcher.offsetsCommitted(true);
    }

    @Override
    public void commitAsync(OffsetCommitCallback callback) {
        super.commitAsync(callback);
        watcher.offsetsCommitted(true);
    }

    @Override
    public void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
        super.commitAsync(offsets, callback);
        watcher.offsetsCommitted(true);
    }

    private void watch(Runnable commit) {
        boolean committed = false;
        try {
            commit.run();
            committed = true;
        } catch (CommitFailedException | RebalanceInProgressException e) {
            // The group moved these partitions on; their new owner re-reads the batch and ignores it as duplicates.
            LOG.info("[{}] offsets not committed, the group rebalanced ({}): the batch will be redelivered and"
                    + " ignored as duplicates", name, e.getMessage());
        } catch (RetriableException e) {
            LOG.warn("[{}] offsets not committed ({}): a later commit covers them, or the batch comes again and is"
                    + " ignored as duplicates", name, e.getMessage());
        }
        watcher.offsetsCommitted(committed);
    }
}
