package dev.eventlabs.support;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A 3-broker cluster from whichever backend LAB_INFRA picks: it serves, survives a kill, and takes a broker back. */
class KafkaClusterIT {
    private static final int RECORDS = 100;

    @RegisterExtension
    static final KafkaClusterExtension kafka = KafkaClusterExtension.brokers(3);

    @Test
    void aThreeBrokerClusterComesUpAndServesAnAcksAllRecord() {
        String topic = givenAReplicatedTopic();

        List<RecordMetadata> acked = whenRecordsAreProducedWithAcksAll(topic, RECORDS);

        assertThat(consumeValues(topic, acked.size())).containsExactlyInAnyOrderElementsOf(values(RECORDS));
    }

    @Test
    void afterKillTheBrokerIsGoneAndAnRf3TopicIsStillServed() {
        assumeTrue(kafka.cluster().canKill(), "the " + kafka.cluster().backend().label() + " backend cannot kill");
        String topic = givenAReplicatedTopic();
        int victim = kafka.cluster().brokerIds().get(0);
        try (Admin admin = admin()) {
            kafka.cluster().kill(victim);

            // The controller fences a broker that stops heartbeating; from then on the cluster no longer lists it.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(liveBrokers(admin))
                    .as("brokers the cluster lists after broker %d was killed", victim).doesNotContain(victim));
            List<RecordMetadata> acked = whenRecordsAreProducedWithAcksAll(topic, RECORDS);
            assertThat(consumeValues(topic, acked.size())).containsExactlyInAnyOrderElementsOf(values(RECORDS));
        } finally {
            if (kafka.cluster().canRestart()) {
                kafka.cluster().restart(victim);
            }
        }
    }

    @Test
    void afterRestartTheKilledBrokerRejoinsTheIsr() {
        assumeTrue(kafka.cluster().canRestart(),
                "the " + kafka.cluster().backend().label() + " backend cannot restart brokers");
        String topic = givenAReplicatedTopic();
        int victim = kafka.cluster().brokerIds().get(1);
        kafka.cluster().kill(victim);
        whenRecordsAreProducedWithAcksAll(topic, RECORDS);

        kafka.cluster().restart(victim);

        try (Admin admin = admin()) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(isrOf(admin, topic))
                    .as("in-sync replicas of every partition of %s", topic)
                    .allSatisfy(isr -> assertThat(isr).contains(victim)));
        }
    }

    private static List<Integer> liveBrokers(Admin admin) throws Exception {
        return admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).stream().map(Node::id)
                .collect(Collectors.toList());
    }

    private static String givenAReplicatedTopic() {
        String topic = kafka.topic("events");
        kafka.cluster().createTopic(topic, 3, 3, 2);
        return topic;
    }

    private static List<RecordMetadata> whenRecordsAreProducedWithAcksAll(String topic, int count) {
        Map<String, Object> config = asAdmin(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            List<java.util.concurrent.Future<RecordMetadata>> sends = values(count).stream()
                    .map(v -> producer.send(new ProducerRecord<>(topic, v, v))).collect(Collectors.toList());
            producer.flush();
            List<RecordMetadata> acked = new ArrayList<>();
            for (java.util.concurrent.Future<RecordMetadata> send : sends) {
                acked.add(send.get(60, TimeUnit.SECONDS));
            }
            return acked;
        } catch (Exception e) {
            throw new AssertionError("producing to " + topic + " failed: " + e, e);
        }
    }

    private static List<String> consumeValues(String topic, int expected) {
        Map<String, Object> config = asAdmin(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, kafka.group("reader"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
                return values.size() >= expected;
            });
        }
        return values;
    }

    private static List<List<Integer>> isrOf(Admin admin, String topic) throws Exception {
        TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
        return d.partitions().stream().map(TopicPartitionInfo::isr)
                .map(isr -> isr.stream().map(Node::id).collect(Collectors.toList())).collect(Collectors.toList());
    }

    private static Admin admin() {
        return Admin.create(asAdmin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers())));
    }

    /**
     * The config plus lab-admin's security settings: nothing with the profile off; with LAB_SECURITY=on this class
     * proves kill, restart and ISR recovery on a secure cluster too. Its topics are no role's, so lab-admin.
     */
    private static Map<String, Object> asAdmin(Map<String, Object> config) {
        return kafka.cluster().clientSecurity(LabRole.LAB_ADMIN).applyTo(new HashMap<>(config));
    }

    private static List<String> values(int count) {
        return IntStream.range(0, count).mapToObj(i -> "record-" + i).collect(Collectors.toList());
    }
}
