package dev.eventlabs.support;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The security settings one {@link LabRole}'s Kafka client merges into its config: nothing with the secure profile
 * off ({@link #NONE}); {@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config} and
 * {@code ssl.truststore.*} with it on. Get it from {@link KafkaCluster#clientSecurity(LabRole)}.
 *
 * <p>Immutable and thread-safe. It holds a password: {@link #toString()} masks it, and so does Kafka's own config
 * logging (these keys are of type PASSWORD). Never log {@link #properties()} itself.
 */
public final class KafkaClientSecurity {
    /** The profile is off: a client keeps its plaintext defaults. */
    public static final KafkaClientSecurity NONE = new KafkaClientSecurity(Map.of());
    public static final String SASL_SSL = "SASL_SSL";
    public static final String SCRAM_SHA_512 = "SCRAM-SHA-512";
    static final String MASK = "[hidden]";
    /** Keys whose values are secrets, in a map or a properties file. */
    private static final Set<String> SECRET_KEYS = Set.of(SaslConfigs.SASL_JAAS_CONFIG,
            SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG,
            SslConfigs.SSL_KEY_PASSWORD_CONFIG);

    private final Map<String, String> properties;

    private KafkaClientSecurity(Map<String, String> properties) {
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** SCRAM-SHA-512 over TLS; the server's certificate must chain to the truststore and match the host name. */
    public static KafkaClientSecurity scramOverTls(String user, String password, Path truststore,
                                                   String truststorePassword) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, SASL_SSL);
        p.put(SaslConfigs.SASL_MECHANISM, SCRAM_SHA_512);
        p.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"" + user + "\" password=\"" + password + "\";");
        p.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, truststore.toAbsolutePath().toString());
        p.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, truststorePassword);
        p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
        // Kafka's default, said out loud: the client checks that the broker's certificate names the host it dialled.
        p.put(SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG, "https");
        return new KafkaClientSecurity(p);
    }

    /**
     * Reads a client properties file, e.g. one a local secure cluster wrote, for a cluster the labs do not start.
     *
     * @throws LabInfraException if the file is missing or unreadable, naming it
     */
    public static KafkaClientSecurity fromPropertiesFile(Path file) {
        return fromPropertiesFile(file, "With " + LabSecurity.ENV_VARIABLE + "=on and a cluster the labs do not start, "
                + LabSecurity.CLIENT_CONFIG_DIR_VARIABLE + " must name a directory with one <role>.properties per"
                + " role.");
    }

    /** As {@link #fromPropertiesFile(Path)}, with {@code hint} ending the message when the file cannot be read. */
    public static KafkaClientSecurity fromPropertiesFile(Path file, String hint) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new LabInfraException("Could not read the Kafka client properties " + file + ": " + e + ". "
                    + hint, e);
        }
        Map<String, String> m = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return new KafkaClientSecurity(m);
    }

    /** Secure clusters of this JVM by bootstrap address: how a lab's client factory finds its role's credentials. */
    private static final Map<String, Function<LabRole, KafkaClientSecurity>> CLUSTERS = new ConcurrentHashMap<>();

    /**
     * Called by a backend whose clients need credentials (a local secure cluster, an external one with
     * {@code LAB_KAFKA_CLIENT_CONFIG_DIR}) once it is ready, so that a lab, which passes only a bootstrap address
     * around, gets each role's settings from {@link KafkaClientSettings}. {@link #unregister} on close.
     */
    public static void register(String bootstrapServers, Function<LabRole, KafkaClientSecurity> roles) {
        CLUSTERS.put(bootstrapServers, roles);
    }

    public static boolean isRegistered(String bootstrapServers) {
        return CLUSTERS.containsKey(bootstrapServers);
    }

    public static void unregister(String bootstrapServers) {
        CLUSTERS.remove(bootstrapServers);
    }

    /** {@code role}'s settings on the cluster at {@code bootstrapServers}; {@link #NONE} for a plaintext cluster. */
    public static KafkaClientSecurity forCluster(String bootstrapServers, LabRole role) {
        Function<LabRole, KafkaClientSecurity> roles = CLUSTERS.get(bootstrapServers);
        return roles == null ? NONE : roles.apply(role);
    }

    /** The settings to merge into a client's config; a new mutable map, empty with the profile off. */
    public Map<String, Object> properties() {
        return new LinkedHashMap<>(properties);
    }

    /** Puts these settings into {@code clientConfig} (they win over what it had) and returns it, for chaining. */
    public <M extends Map<String, Object>> M applyTo(M clientConfig) {
        clientConfig.putAll(properties);
        return clientConfig;
    }

    /** {@code PLAINTEXT} with the profile off, otherwise the protocol the client speaks, e.g. {@code SASL_SSL}. */
    public String protocol() {
        return properties.getOrDefault(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT");
    }

    public boolean isEnabled() {
        return !properties.isEmpty();
    }

    /** The properties-file text of these settings; it holds the password, so write it only to a private file. */
    public String toPropertiesText() {
        return properties.entrySet().stream().map(e -> e.getKey() + "=" + escape(e.getValue()))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    /** The settings, secrets masked: safe to log. */
    @Override
    public String toString() {
        return masked(properties).toString();
    }

    /** A copy of {@code config} with every secret value (JAAS config, store passwords) replaced by {@value #MASK}. */
    public static Map<String, Object> masked(Map<String, ?> config) {
        Map<String, Object> m = new LinkedHashMap<>();
        config.forEach((k, v) -> m.put(k, SECRET_KEYS.contains(k) || k.endsWith(".password") ? MASK : v));
        return m;
    }

    private static String escape(String value) {
        // java.util.Properties reads a backslash as an escape (Windows paths); nothing else here needs one.
        return value.replace("\\", "\\\\");
    }
}
