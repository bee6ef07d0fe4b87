package dev.eventlabs.support.internal;

import dev.eventlabs.support.Waits;
import dev.eventlabs.support.KafkaClientSecurity;
import dev.eventlabs.support.KafkaCluster;
import dev.eventlabs.support.LabInfraException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/** What every backend does through the Admin API: readiness checks and topic creation. */
abstract class AdminBackedCluster implements KafkaCluster {
    static final Duration ADMIN_CALL_TIMEOUT = Duration.ofSeconds(10);
    static final Duration TOPIC_READY_TIMEOUT = Duration.ofSeconds(60);

    static Admin newAdmin(String bootstrapServers) {
        return newAdmin(bootstrapServers, KafkaClientSecurity.NONE);
    }

    /** An Admin client; under the secure profile it logs in as {@code lab-admin}, a super user. */
    static Admin newAdmin(String bootstrapServers, KafkaClientSecurity security) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // Fail an unanswered call within seconds, so a wrong address or a dead cluster is reported, not waited on.
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(ADMIN_CALL_TIMEOUT.toMillis()));
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "lab-support-admin");
        p.putAll(security.properties());
        return Admin.create(p);
    }

    /** Ids of the brokers registered and unfenced right now. */
    static Set<Integer> registeredBrokers(Admin admin) throws ExecutionException, InterruptedException,
            TimeoutException {
        return registeredBrokers(admin, ADMIN_CALL_TIMEOUT);
    }

    /** As above, giving up after {@code timeout} (the call's own timeout and the wait for its answer). */
    static Set<Integer> registeredBrokers(Admin admin, Duration timeout) throws ExecutionException,
            InterruptedException, TimeoutException {
        return admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis())).nodes()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS).stream()
                .map(Node::id).collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * One check for {@link Waits#until}: {@code null} once every broker in {@code ids} is registered, otherwise what is
     * still missing. An unanswered request counts as "still missing"; an interrupt ends the wait.
     */
    String missingRegistrations(Set<Integer> ids) {
        try {
            Set<Integer> registered = registeredBrokers(admin());
            return registered.containsAll(ids) ? null : "brokers " + ids + " to register (now " + registered + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabInfraException("interrupted while waiting for brokers " + ids, e);
        } catch (ExecutionException | TimeoutException e) {
            return "an answer from " + bootstrapServers() + " (" + e.getClass().getSimpleName() + ")";
        }
    }

    abstract Admin admin();

    @Override
    public void createTopic(String name, int partitions, int replicationFactor, int minInsyncReplicas) {
        if (partitions < 1 || replicationFactor < 1 || minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
            throw new IllegalArgumentException("topic " + name + ": need partitions >= 1, replicationFactor >= 1 and"
                    + " 1 <= minInsyncReplicas <= replicationFactor; got " + partitions + ", " + replicationFactor
                    + ", " + minInsyncReplicas);
        }
        NewTopic topic = new NewTopic(name, partitions, (short) replicationFactor)
                .configs(Map.of("min.insync.replicas", String.valueOf(minInsyncReplicas)));
        try {
            admin().createTopics(List.of(topic)).all().get(ADMIN_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicAuthorizationException || e.getCause() instanceof PolicyViolationException
                    || e.getCause() instanceof ClusterAuthorizationException) {
                throw new LabInfraException(refusedTopic(bootstrapServers(), name, partitions, replicationFactor,
                        minInsyncReplicas, e.getCause().getMessage()), e.getCause());
            }
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new LabInfraException("Could not create topic " + name + " (" + partitions + " partitions, RF "
                        + replicationFactor + ") on " + bootstrapServers() + ": " + e.getCause().getMessage()
                        + ". Check that the cluster has at least " + replicationFactor + " live brokers.", e.getCause());
            }
        } catch (TimeoutException e) {
            throw new LabInfraException("Creating topic " + name + " timed out after " + ADMIN_CALL_TIMEOUT.toSeconds()
                    + " s on " + bootstrapServers() + ". Is the cluster up?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabInfraException("interrupted while creating topic " + name, e);
        }
        awaitTopicReady(name, partitions);
    }

    /**
     * The message for a cluster that does not let the lab create its topic (a managed service, a class cluster whose
     * students may not create topics): why, and the command whoever runs it can use instead.
     */
    static String refusedTopic(String bootstrapServers, String name, int partitions, int replicationFactor,
                               int minInsyncReplicas, String why) {
        return "The cluster at " + bootstrapServers + " does not let this lab create topic " + name + " (" + why
                + "). Ask whoever runs it to create it, then run the lab again: kafka-topics.sh --bootstrap-server "
                + bootstrapServers + " --command-config <admin client properties> --create --topic " + name
                + " --partitions " + partitions + " --replication-factor " + replicationFactor
                + " --config min.insync.replicas=" + minInsyncReplicas;
    }

    private void awaitTopicReady(String name, int partitions) {
        Waits.until(TOPIC_READY_TIMEOUT, () -> {
            TopicDescription d;
            try {
                d = admin().describeTopics(List.of(name)).allTopicNames()
                        .get(ADMIN_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(name);
            } catch (ExecutionException | TimeoutException e) {
                return "a description of topic " + name + " (" + e.getMessage() + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LabInfraException("interrupted while waiting for topic " + name, e);
            }
            if (d.partitions().size() != partitions) {
                throw new LabInfraException("Topic " + name + " already exists with " + d.partitions().size()
                        + " partitions, not " + partitions + ". Delete it, or choose that partition count.");
            }
            List<Integer> leaderless = d.partitions().stream().filter(p -> p.leader() == null || p.leader().isEmpty())
                    .map(TopicPartitionInfo::partition).collect(Collectors.toList());
            return leaderless.isEmpty() ? unservedPartitions(name, partitions) : "leaders for partitions "
                    + leaderless + " of " + name;
        }, "Topic " + name + " did not get a leader serving every partition within "
                + TOPIC_READY_TIMEOUT.toSeconds() + " s");
    }

    /**
     * {@code null} once each partition's leader answers a ListOffsets for it, else what is still missing. The metadata
     * names a leader a moment before that broker has created the partition's log; an idempotent producer that sends
     * in that moment can lose its first batch without an error to the caller (KAFKA-15591: the batch is refused
     * with NOT_LEADER_OR_FOLLOWER, a later batch is appended, and the first one's retries then fail with
     * OUT_OF_ORDER_SEQUENCE_NUMBER until {@code delivery.timeout.ms}). ListOffsets is answered by the same partition
     * state that appends, so a topic handed out after this check cannot hit that window.
     */
    private String unservedPartitions(String name, int partitions) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int i = 0; i < partitions; i++) {
            latest.put(new TopicPartition(name, i), OffsetSpec.latest());
        }
        try {
            admin().listOffsets(latest).all().get(ADMIN_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException | TimeoutException e) {
            return "every partition of " + name + " served by its leader (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabInfraException("interrupted while waiting for topic " + name, e);
        }
    }
}
