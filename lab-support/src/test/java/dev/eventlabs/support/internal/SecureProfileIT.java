package dev.eventlabs.support.internal;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.eventlabs.support.Infra;
import dev.eventlabs.support.InfraChoice;
import dev.eventlabs.support.ClusterFacts;
import dev.eventlabs.support.KafkaClientSecurity;
import dev.eventlabs.support.KafkaClientSettings;
import dev.eventlabs.support.KafkaCluster;
import dev.eventlabs.support.KafkaClusterConfig;
import dev.eventlabs.support.LabInfraException;
import dev.eventlabs.support.LabRole;
import dev.eventlabs.support.LabSecurity;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The secure profile (LAB_SECURITY=on) on a real local broker: who gets in, what each role may do, and that no
 * secret leaks. Always on the local backend, whatever LAB_INFRA says: the leak checks read the brokers' own logs and
 * command lines, which only a backend that owns the processes can. Every client here has timeouts of a few seconds,
 * so a refusal shows as a failure in seconds, never as a hang.
 */
@Timeout(120)
class SecureProfileIT {
    /** Each client call gives up after this: a refusal must come well inside it. */
    private static final int CLIENT_TIMEOUT_MS = 4_000;
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final Pattern JAAS_PASSWORD = Pattern.compile("password=\"([^\"]+)\"");

    private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
    private static KafkaCluster cluster;

    @BeforeAll
    static void startASecureLocalCluster() {
        // Attached before the start, so everything the cluster logs while starting is checked for secrets too.
        LOGS.start();
        rootLogger().addAppender(LOGS);
        cluster = KafkaCluster.start(KafkaClusterConfig.builder().brokers(1).security(LabSecurity.ON).build(),
                new InfraChoice(Infra.LOCAL, "the secure profile's tests read the brokers' logs and command lines"),
                System.getenv());
    }

    @AfterAll
    static void stopTheCluster() {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            rootLogger().detachAppender(LOGS);
        }
    }

    // --- authentication -----------------------------------------------------------------------------------------

    @Test
    void aWrongScramPasswordIsRefusedWithinFiveSeconds() {
        Map<String, Object> wrong = KafkaClientSecurity.scramOverTls(LabRole.BILLING.principalName(),
                "not-the-password", truststore(), truststorePassword()).applyTo(adminSettings("wrong-password"));
        long started = System.nanoTime();

        try (Admin admin = Admin.create(wrong)) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(10, TimeUnit.SECONDS))
                    .as("a wrong SCRAM password must be refused, not time out")
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
        assertThat(millisSince(started)).as("ms until the wrong password was refused").isLessThan(5_000);
    }

    @Test
    void aPlaintextClientOnTheSecurePortGetsAnErrorWithinTenSeconds() {
        long started = System.nanoTime();

        try (Admin admin = Admin.create(adminSettings("plaintext"))) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(10, TimeUnit.SECONDS))
                    .as("a PLAINTEXT client on %s must fail: that port requires %s", cluster.bootstrapServers(),
                            KafkaClientSecurity.SASL_SSL)
                    .isInstanceOf(ExecutionException.class);
        }
        assertThat(millisSince(started)).as("ms until the PLAINTEXT client got its error (the port requires %s)",
                KafkaClientSecurity.SASL_SSL).isLessThan(10_000);
    }

    @Test
    void aClientThatTrustsAnotherCaFailsTheTlsHandshake(@TempDir Path dir) {
        Path otherTruststore = dir.resolve("other-ca.p12");
        SecretFiles.write(otherTruststore, CertificateAuthority.create("some other CA").truststore("changeit"
                .toCharArray()));
        Map<String, Object> settings = KafkaClientSecurity.scramOverTls(LabRole.LAB_ADMIN.principalName(),
                password(LabRole.LAB_ADMIN), otherTruststore, "changeit").applyTo(adminSettings("other-ca"));

        try (Admin admin = Admin.create(settings)) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(10, TimeUnit.SECONDS))
                    .as("a client that trusts another CA must not complete the TLS handshake")
                    .hasCauseInstanceOf(SslAuthenticationException.class);
        }
    }

    // --- authorization ------------------------------------------------------------------------------------------

    @Test
    void billingCannotProduceToOrdersAndTheLogIsUnchanged() throws Exception {
        String orders = givenAnOrdersTopicWith(2);

        try (KafkaProducer<String, String> producer = producer(LabRole.BILLING)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(orders, "k", "forged"))
                    .get(10, TimeUnit.SECONDS))
                    .as("billing producing to %s", orders)
                    .hasCauseInstanceOf(AuthorizationException.class);
        }
        assertThat(endOffset(orders)).as("end offset of %s, read by lab-admin", orders).isEqualTo(2);
    }

    @Test
    void auditCannotReadADeadLetterTopicThatOpsCanRead() throws Exception {
        String dlt = uniqueName("orders.DLT");
        cluster.createTopic(dlt, 1, 1, 1);
        try (KafkaProducer<String, String> producer = producer(LabRole.DLT_WRITER)) {
            producer.send(new ProducerRecord<>(dlt, "k", "dead letter")).get(10, TimeUnit.SECONDS);
        }
        assertThat(readAll(LabRole.OPS, dlt, null, 1)).as("what ops reads from %s", dlt).hasSize(1);

        try (KafkaConsumer<String, String> audit = consumer(LabRole.AUDIT, null)) {
            audit.assign(List.of(new TopicPartition(dlt, 0)));
            audit.seekToBeginning(audit.assignment());

            assertThat(firstPollError(audit)).as("audit polling %s", dlt)
                    .isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void auditUsingBillingsGroupIsRefusedAndBillingsOffsetsAndAssignmentAreUnchanged() throws Exception {
        String orders = givenAnOrdersTopicWith(3);
        String group = uniqueName("billing");
        try (KafkaConsumer<String, String> billing = consumer(LabRole.BILLING, group)) {
            billing.subscribe(List.of(orders));
            List<String> read = new ArrayList<>();
            await().atMost(SETTLE).until(() -> {
                billing.poll(POLL).forEach(r -> read.add(r.value()));
                return read.size() == 3;
            });
            billing.commitSync(Duration.ofSeconds(10));
            Map<TopicPartition, OffsetAndMetadata> offsetsBefore = committedOffsets(group);
            List<String> membersBefore = membersOf(group);

            try (KafkaConsumer<String, String> audit = consumer(LabRole.AUDIT, group)) {
                audit.subscribe(List.of(orders));
                assertThat(firstPollError(audit)).as("audit joining billing's group %s", group)
                        .isInstanceOf(GroupAuthorizationException.class);
            }

            assertThat(List.of(committedOffsets(group), membersOf(group)))
                    .as("billing's committed offsets and members, by lab-admin")
                    .containsExactly(offsetsBefore, membersBefore);
        }
    }

    @Test
    void aNonAdminPrincipalCannotCreateTopics() {
        try (Admin billing = Admin.create(cluster.clientSecurity(LabRole.BILLING).applyTo(adminSettings("b")))) {
            assertThatThrownBy(() -> billing.createTopics(List.of(new NewTopic(uniqueName("orders"), 1, (short) 1)))
                    .all().get(10, TimeUnit.SECONDS))
                    .as("billing creating a topic")
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void aNonAdminPrincipalCannotCreateAcls() {
        AclBinding grantAll = new AclBinding(new ResourcePattern(ResourceType.TOPIC, "*", PatternType.LITERAL),
                new AccessControlEntry("User:" + LabRole.AUDIT.principalName(), "*", AclOperation.ALL,
                        AclPermissionType.ALLOW));
        try (Admin orderProducer = Admin.create(cluster.clientSecurity(LabRole.ORDER_PRODUCER)
                .applyTo(adminSettings("p")))) {
            assertThatThrownBy(() -> orderProducer.createAcls(List.of(grantAll)).all().get(10, TimeUnit.SECONDS))
                    .as("order-producer granting audit everything")
                    .hasCauseInstanceOf(ClusterAuthorizationException.class);
        }
    }

    // --- what should work does ----------------------------------------------------------------------------------

    @Test
    void theOrderProducerWritesAndBillingReadsWithItsOwnGroup() throws Exception {
        String orders = givenAnOrdersTopicWith(0);
        try (KafkaProducer<String, String> producer = producer(LabRole.ORDER_PRODUCER)) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(orders, "user-" + i, "order-" + i)).get(10, TimeUnit.SECONDS);
            }
        }

        assertThat(readAll(LabRole.BILLING, orders, uniqueName("billing"), 5)).as("what billing reads from %s", orders)
                .containsExactlyInAnyOrder("order-0", "order-1", "order-2", "order-3", "order-4");
    }

    @Test
    void theLabAdminCreatesTopicsThroughLabSupport() throws Exception {
        String topic = uniqueName("anything");

        cluster.createTopic(topic, 3, 1, 1);

        try (Admin admin = Admin.create(cluster.clientSecurity(LabRole.LAB_ADMIN).applyTo(adminSettings("a")))) {
            assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic)
                    .partitions()).as("partitions of %s", topic).hasSize(3);
        }
    }

    @Test
    void aKilledSecureBrokerRestartsAndServesItsRolesAgain() throws Exception {
        String orders = givenAnOrdersTopicWith(1);
        int broker = cluster.brokerIds().get(0);

        cluster.kill(broker);
        cluster.restart(broker);

        try (KafkaProducer<String, String> producer = producer(LabRole.ORDER_PRODUCER)) {
            // The restarted broker may still be taking its partition back; the producer retries within its timeout.
            await().atMost(SETTLE).ignoreExceptions().untilAsserted(() ->
                    producer.send(new ProducerRecord<>(orders, "k", "after restart")).get(10, TimeUnit.SECONDS));
        }
        assertThat(readAll(LabRole.BILLING, orders, uniqueName("billing"), 2))
                .as("what billing reads from %s after broker %d restarted", orders, broker).hasSize(2);
    }

    @Test
    void aLabGivenOnlyTheAddressAndTheClientConfigDirectoryGetsTheSameRoleSettings() {
        Path clients = clientsDirectory();

        try (ExternalKafkaCluster external = ExternalKafkaCluster.connect(cluster.bootstrapServers(), "a test",
                LabSecurity.ON, Map.of(LabSecurity.CLIENT_CONFIG_DIR_VARIABLE, clients.toString()))) {
            assertThat(external.clientSecurity(LabRole.BILLING).properties())
                    .as("billing's settings, read from %s", clients)
                    .isEqualTo(cluster.clientSecurity(LabRole.BILLING).properties());
        }
    }

    /**
     * {@code LAB_KAFKA_CLIENT_CONFIG}: one client properties file (here lab-admin's, a single SASL_SSL user) for every
     * role of a lab given only the address, as with a managed service's {@code client.properties}: the lab's client
     * factories hand it to every client, and a record goes through the secure listener and back.
     */
    @Test
    void aLabGivenOnlyTheAddressAndOneClientPropertiesFileUsesItForEveryRole() throws Exception {
        Path file = clientsDirectory().resolve(LabRole.LAB_ADMIN.propertiesFileName());
        String topic = uniqueName("one-user");
        try (ExternalKafkaCluster external = ExternalKafkaCluster.connect(cluster.bootstrapServers(), "a test",
                LabSecurity.OFF, Map.of(LabSecurity.CLIENT_CONFIG_VARIABLE, file.toString()))) {
            external.createTopic(topic, 1, 1, 1);
            Map<String, Object> p = KafkaClientSettings.durableProducer(cluster.bootstrapServers(), "it-one-user",
                    LabRole.ORDER_PRODUCER);
            assertThat(p).as("the order producer's settings, from %s", file)
                    .containsAllEntriesOf(cluster.clientSecurity(LabRole.LAB_ADMIN).properties());
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, CLIENT_TIMEOUT_MS);
            shortConnectionTimeouts(p);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                    new StringSerializer())) {
                producer.send(new ProducerRecord<>(topic, "k", "through one user")).get(10, TimeUnit.SECONDS);
            }
        } finally {
            // the connection registered the file for this address, and its close unregistered it: the cluster's own
            // roles again, for the other tests
            KafkaClientSecurity.register(cluster.bootstrapServers(), cluster::clientSecurity);
        }
        assertThat(readAll(LabRole.LAB_ADMIN, topic, null, 1)).containsExactly("through one user");
    }

    /**
     * A user who may not create topics or read the broker settings (billing's, here): the preflight assumes Kafka's
     * defaults and says so, and the lab names the command that creates its topic instead.
     */
    @Test
    void aClusterThatRefusesTheLabsTopicGetsTheCommandThatCreatesItInstead() {
        Path billing = clientsDirectory().resolve(LabRole.BILLING.propertiesFileName());
        String topic = uniqueName("refused");
        try (ExternalKafkaCluster external = ExternalKafkaCluster.connect(cluster.bootstrapServers(), "a test",
                LabSecurity.OFF, Map.of(LabSecurity.CLIENT_CONFIG_VARIABLE, billing.toString()))) {
            assertThat(ClusterFacts.of(external).summary()).as("the preflight of a user who may not read the"
                    + " broker settings").startsWith("1 broker(s);").endsWith("the broker settings are hidden from this"
                    + " user, so these are Kafka's defaults");
            assertThatThrownBy(() -> external.createTopic(topic, 3, 1, 1)).isInstanceOf(LabInfraException.class)
                    .hasMessageContaining("does not let this lab create topic " + topic)
                    .hasMessageContaining("kafka-topics.sh --bootstrap-server " + cluster.bootstrapServers())
                    .hasMessageContaining("--topic " + topic + " --partitions 3 --replication-factor 1");
        } finally {
            KafkaClientSecurity.register(cluster.bootstrapServers(), cluster::clientSecurity);
        }
    }

    @Test
    void aLabGivenStaleClientFilesIsRefusedWithAMessageNamingTheCredentials(@TempDir Path stale) {
        for (LabRole role : LabRole.values()) {
            SecretFiles.write(stale.resolve(role.propertiesFileName()), KafkaClientSecurity.scramOverTls(
                    role.principalName(), "a-password-of-another-run", truststore(), truststorePassword())
                    .toPropertiesText());
        }

        assertThatThrownBy(() -> ExternalKafkaCluster.connect(cluster.bootstrapServers(), "a test", LabSecurity.ON,
                Map.of(LabSecurity.CLIENT_CONFIG_DIR_VARIABLE, stale.toString())))
                .isInstanceOf(LabInfraException.class)
                .hasMessageContaining("refused lab-admin's credentials");
    }

    // --- secrets ------------------------------------------------------------------------------------------------

    @Test
    void noPasswordAppearsInBrokerLogsPrintedOutputOrCommandLines() throws Exception {
        LocalKafkaCluster local = (LocalKafkaCluster) cluster;
        Set<String> secrets = secrets(local.runDirectory());
        List<String> places = new ArrayList<>();
        try (Stream<Path> files = Files.walk(local.runDirectory())) {
            for (Path log : files.filter(p -> p.toString().endsWith(".log")).collect(Collectors.toList())) {
                places.add(log + ": " + Files.readString(log, StandardCharsets.ISO_8859_1));
            }
        }
        for (int id : cluster.brokerIds()) {
            Path cmdline = Path.of("/proc", String.valueOf(local.pid(id)), "cmdline");
            if (Files.exists(cmdline)) {
                places.add(cmdline + ": " + Files.readString(cmdline, StandardCharsets.ISO_8859_1));
            }
        }
        places.add("this JVM's log: " + LOGS.list.stream().map(SecureProfileIT::render)
                .collect(Collectors.joining("\n")));

        assertThat(secrets).as("secrets of this run (7 roles, the broker, two stores)").hasSizeGreaterThanOrEqualTo(9);
        assertThat(places).as("broker logs, command lines and this JVM's log")
                .allSatisfy(text -> assertThat(secrets).noneMatch(text::contains));
    }

    @Test
    void secretFilesAreReadableByTheirOwnerOnlyAndTheFormatArgumentsAreGone() throws Exception {
        Path runDir = ((LocalKafkaCluster) cluster).runDirectory();
        List<Path> secretFiles;
        try (Stream<Path> files = Files.walk(runDir)) {
            secretFiles = files.filter(Files::isRegularFile)
                    .filter(p -> p.startsWith(runDir.resolve(LocalSecureProfile.DIRECTORY))
                            || p.endsWith("node.properties")).collect(Collectors.toList());
        }
        assertThat(secretFiles).as("key stores, trust stores, node.properties and client properties").isNotEmpty()
                .allSatisfy(f -> assertThat(Files.getPosixFilePermissions(f)).as("permissions of %s", f)
                        .isEqualTo(SecretFiles.OWNER_ONLY_FILE));
        try (Stream<Path> files = Files.walk(runDir)) {
            assertThat(files.filter(p -> p.endsWith("format.args"))).as("format argument files left behind")
                    .isEmpty();
        }
    }

    // --- givens and helpers -------------------------------------------------------------------------------------

    /** A 1-partition orders topic (lab-admin creates it) with {@code records} orders from order-producer. */
    private static String givenAnOrdersTopicWith(int records) throws Exception {
        String topic = uniqueName("orders");
        cluster.createTopic(topic, 1, 1, 1);
        try (KafkaProducer<String, String> producer = producer(LabRole.ORDER_PRODUCER)) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, "user-" + i, "order-" + i)).get(10, TimeUnit.SECONDS);
            }
        }
        return topic;
    }

    private static List<String> readAll(LabRole role, String topic, String group, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(role, group)) {
            if (group != null) {
                consumer.subscribe(List.of(topic));
            } else {
                consumer.assign(List.of(new TopicPartition(topic, 0)));
                consumer.seekToBeginning(consumer.assignment());
            }
            await().atMost(SETTLE).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(POLL)) {
                    values.add(r.value());
                }
                return values.size() >= expected;
            });
        }
        return values;
    }

    /** Polls until the consumer throws, for at most {@link #SETTLE}; the error, or an AssertionError if none came. */
    private static RuntimeException firstPollError(KafkaConsumer<String, String> consumer) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                consumer.poll(POLL);
            } catch (RuntimeException e) {
                return e;
            }
        }
        throw new AssertionError("the consumer was never refused within " + SETTLE.toSeconds() + " s");
    }

    private static long endOffset(String topic) throws Exception {
        TopicPartition tp = new TopicPartition(topic, 0);
        try (Admin admin = labAdmin()) {
            return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get(10, TimeUnit.SECONDS)
                    .offset();
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> committedOffsets(String group) throws Exception {
        try (Admin admin = labAdmin()) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        }
    }

    /** Each member of the group as "client id: assigned partitions". */
    private static List<String> membersOf(String group) throws Exception {
        try (Admin admin = labAdmin()) {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                    .get(10, TimeUnit.SECONDS);
            List<String> members = new ArrayList<>();
            for (MemberDescription m : d.members()) {
                members.add(m.clientId() + ": " + m.assignment().topicPartitions());
            }
            return members;
        }
    }

    private static Admin labAdmin() {
        return Admin.create(cluster.clientSecurity(LabRole.LAB_ADMIN).applyTo(adminSettings("lab-admin")));
    }

    /** Admin settings with short timeouts and no security: the tests add a role's, or a wrong one. */
    /** No credentials at all (not even lab-admin's, which KafkaClientSettings would add): each test adds its own. */
    private static Map<String, Object> adminSettings(String clientId) {
        Map<String, Object> p = new HashMap<>();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "it-" + clientId);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, CLIENT_TIMEOUT_MS);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, CLIENT_TIMEOUT_MS);
        shortConnectionTimeouts(p);
        return p;
    }

    private static KafkaProducer<String, String> producer(LabRole role) {
        Map<String, Object> p = KafkaClientSettings.durableProducer(cluster.bootstrapServers(), "it-" + role);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, CLIENT_TIMEOUT_MS);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, CLIENT_TIMEOUT_MS);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, CLIENT_TIMEOUT_MS * 2);
        shortConnectionTimeouts(p);
        return new KafkaProducer<>(cluster.clientSecurity(role).applyTo(p), new StringSerializer(),
                new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(LabRole role, String group) {
        Map<String, Object> p = KafkaClientSettings.consumer(cluster.bootstrapServers(), "it-" + role);
        if (group != null) {
            p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        }
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, CLIENT_TIMEOUT_MS);
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, CLIENT_TIMEOUT_MS);
        shortConnectionTimeouts(p);
        return new KafkaConsumer<>(cluster.clientSecurity(role).applyTo(p), new StringDeserializer(),
                new StringDeserializer());
    }

    private static void shortConnectionTimeouts(Map<String, Object> p) {
        p.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, 2_000);
        p.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, 3_000);
        p.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
    }

    private static String password(LabRole role) {
        Matcher m = JAAS_PASSWORD.matcher((String) cluster.clientSecurity(role).properties().get("sasl.jaas.config"));
        assertThat(m.find()).as("a password in %s's JAAS config", role).isTrue();
        return m.group(1);
    }

    private static Path truststore() {
        return Path.of((String) cluster.clientSecurity(LabRole.LAB_ADMIN).properties().get("ssl.truststore.location"));
    }

    private static String truststorePassword() {
        return (String) cluster.clientSecurity(LabRole.LAB_ADMIN).properties().get("ssl.truststore.password");
    }

    /** Every secret of the run: the roles' passwords, the broker's PLAIN password and the stores' passwords. */
    private static Set<String> secrets(Path runDir) throws IOException {
        Set<String> secrets = new HashSet<>();
        for (LabRole role : LabRole.values()) {
            secrets.add(password(role));
        }
        secrets.add(truststorePassword());
        Properties node = new Properties();
        try (var in = Files.newBufferedReader(runDir.resolve("node-1").resolve("node.properties"))) {
            node.load(in);
        }
        for (String key : node.stringPropertyNames()) {
            String value = node.getProperty(key);
            if (key.endsWith(".password")) {
                secrets.add(value);
            }
            Matcher m = JAAS_PASSWORD.matcher(value);
            while (key.endsWith("sasl.jaas.config") && m.find()) {
                secrets.add(m.group(1));
            }
        }
        return secrets;
    }

    private static String render(ILoggingEvent e) {
        StringBuilder s = new StringBuilder(e.getFormattedMessage());
        for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
            s.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
        }
        return s.toString();
    }

    /** Where the secure cluster wrote one client properties file per role. */
    private static Path clientsDirectory() {
        return ((LocalKafkaCluster) cluster).runDirectory().resolve(LocalSecureProfile.DIRECTORY)
                .resolve(LocalSecureProfile.CLIENTS_DIRECTORY);
    }

    private static String uniqueName(String base) {
        return base + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static Logger rootLogger() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
