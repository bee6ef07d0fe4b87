package dev.eventlabs.support.internal;

import dev.eventlabs.support.Secrets;
import dev.eventlabs.support.KafkaClientSecurity;
import dev.eventlabs.support.LabRole;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The secure profile of one local cluster run: its secrets, its TLS material and the broker settings that use them.
 * Everything is made at start and lives in {@code <run dir>/security/} (0700; every file 0600), and dies with the run.
 *
 * <ul>
 *   <li>{@value #CLIENT} listener: SASL_SSL, SCRAM-SHA-512, one user per {@link LabRole}, each with its own random
 *       password. The credentials are written into the metadata log when the storage is formatted.</li>
 *   <li>{@value #BROKER} (inter-broker) and {@value #CONTROLLER} listeners: SASL_PLAINTEXT with PLAIN and one static
 *       user, {@value #BROKER_USER}, in the listener's JAAS line. Static, so a killed broker that restarts logs in
 *       with no help from the metadata log (SCRAM on the controller listener needs the log it is trying to reach,
 *       KAFKA-15513). Plaintext, because these listeners bind to 127.0.0.1 only: loopback traffic never leaves the
 *       host and only root could read it, and root can read the run directory anyway; TLS there would only double
 *       the handshakes of every restart on a two-core laptop. The authentication still matters: it is what keeps a
 *       local client from posing as a broker or a controller.</li>
 *   <li>StandardAuthorizer, {@code allow.everyone.if.no.acl.found=false}; super users {@value #BROKER_USER} and
 *       {@code lab-admin}; the roles' ACLs are {@link RoleAcls}.</li>
 * </ul>
 * Not thread-safe; {@link LocalKafkaCluster} makes and uses it under its lock.
 */
final class LocalSecureProfile {
    static final String CLIENT = "CLIENT";
    static final String BROKER = "BROKER";
    static final String CONTROLLER = "CONTROLLER";
    static final String BROKER_USER = "broker";
    static final String DIRECTORY = "security";
    static final String CLIENTS_DIRECTORY = "clients";
    private static final String PLAIN_LOGIN = "org.apache.kafka.common.security.plain.PlainLoginModule";
    private static final String SCRAM_LOGIN = "org.apache.kafka.common.security.scram.ScramLoginModule";

    private final Map<LabRole, String> passwords;
    private final Map<LabRole, KafkaClientSecurity> clients = new EnumMap<>(LabRole.class);
    private final String brokerPassword;
    private final String keystorePassword;
    private final String truststorePassword;
    private final Path keystore;
    private final Path truststore;
    private final Path clientsDirectory;

    private LocalSecureProfile(Path dir, Map<LabRole, String> passwords, String brokerPassword,
                               String keystorePassword, String truststorePassword) {
        this.passwords = passwords;
        this.brokerPassword = brokerPassword;
        this.keystorePassword = keystorePassword;
        this.truststorePassword = truststorePassword;
        this.keystore = dir.resolve("broker.keystore.p12");
        this.truststore = dir.resolve("ca.truststore.p12");
        this.clientsDirectory = dir.resolve(CLIENTS_DIRECTORY);
        passwords.forEach((role, password) -> clients.put(role, KafkaClientSecurity.scramOverTls(
                role.principalName(), password, truststore, truststorePassword)));
    }

    /**
     * Makes the run's secrets, a CA and a broker certificate for {@code host} (an IP address, plus {@code localhost}
     * as a DNS name), and writes the key store, the trust store and one client properties file per role.
     */
    static LocalSecureProfile create(Path runDir, String host) {
        Map<LabRole, String> passwords = new EnumMap<>(LabRole.class);
        for (LabRole role : LabRole.values()) {
            passwords.put(role, Secrets.generatePassword());
        }
        Path dir = SecretFiles.createDirectory(runDir.resolve(DIRECTORY));
        LocalSecureProfile profile = new LocalSecureProfile(dir, passwords, Secrets.generatePassword(),
                Secrets.generatePassword(), Secrets.generatePassword());
        CertificateAuthority ca = CertificateAuthority.create("eventlabs run CA " + runDir.getFileName());
        // One certificate for every broker: they all advertise the same host, and this one names it.
        CertificateAuthority.IssuedCertificate cert = ca.issue("eventlabs broker", List.of("localhost"),
                List.of(host));
        SecretFiles.write(profile.keystore, cert.keystore("broker", profile.keystorePassword.toCharArray()));
        SecretFiles.write(profile.truststore, ca.truststore(profile.truststorePassword.toCharArray()));
        SecretFiles.createDirectory(profile.clientsDirectory);
        profile.clients.forEach((role, security) -> SecretFiles.write(
                profile.clientsDirectory.resolve(role.propertiesFileName()), security.toPropertiesText()));
        return profile;
    }

    KafkaClientSecurity clientSecurity(LabRole role) {
        return clients.get(role);
    }

    /** Where the per-role client properties files are: what {@code LAB_KAFKA_CLIENT_CONFIG_DIR} may point at. */
    Path clientsDirectory() {
        return clientsDirectory;
    }

    /**
     * The arguments {@code kafka-storage format} needs to create every role's SCRAM credential. They hold the
     * passwords: pass them in a 0600 argument file ({@code @file}), never on a command line.
     */
    List<String> formatArguments() {
        List<String> args = new ArrayList<>();
        passwords.forEach((role, password) -> {
            args.add("--add-scram");
            args.add(KafkaClientSecurity.SCRAM_SHA_512 + "=[name=" + role.principalName() + ",password=" + password
                    + "]");
        });
        return args;
    }

    /** The listener, SASL, TLS and authorizer settings of one node; they hold secrets (node.properties is 0600). */
    Map<String, String> nodeProperties(String host, int clientPort, int brokerPort, int controllerPort) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("listeners", CLIENT + "://" + host + ":" + clientPort + "," + BROKER + "://" + host + ":" + brokerPort
                + "," + CONTROLLER + "://" + host + ":" + controllerPort);
        p.put("advertised.listeners", CLIENT + "://" + host + ":" + clientPort + "," + BROKER + "://" + host + ":"
                + brokerPort);
        p.put("listener.security.protocol.map", CLIENT + ":SASL_SSL," + BROKER + ":SASL_PLAINTEXT," + CONTROLLER
                + ":SASL_PLAINTEXT");
        p.put("inter.broker.listener.name", BROKER);
        p.put("controller.listener.names", CONTROLLER);

        String client = "listener.name." + CLIENT.toLowerCase(java.util.Locale.ROOT) + ".";
        p.put(client + "sasl.enabled.mechanisms", KafkaClientSecurity.SCRAM_SHA_512);
        p.put(client + "scram-sha-512.sasl.jaas.config", SCRAM_LOGIN + " required;");
        p.put(client + "ssl.keystore.type", "PKCS12");
        p.put(client + "ssl.keystore.location", keystore.toAbsolutePath().toString().replace('\\', '/'));
        p.put(client + "ssl.keystore.password", keystorePassword);
        p.put(client + "ssl.key.password", keystorePassword);

        // The broker is a server and a client on both internal listeners: the JAAS line's username/password is
        // what it sends, and user_<name> is the one account it accepts.
        String plainJaas = PLAIN_LOGIN + " required username=\"" + BROKER_USER + "\" password=\"" + brokerPassword
                + "\" user_" + BROKER_USER + "=\"" + brokerPassword + "\";";
        for (String listener : List.of(BROKER, CONTROLLER)) {
            String prefix = "listener.name." + listener.toLowerCase(java.util.Locale.ROOT) + ".";
            p.put(prefix + "sasl.enabled.mechanisms", "PLAIN");
            p.put(prefix + "plain.sasl.jaas.config", plainJaas);
        }
        p.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        p.put("sasl.mechanism.controller.protocol", "PLAIN");

        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        // Deny by default: a principal may do only what an ACL (RoleAcls) says.
        p.put("allow.everyone.if.no.acl.found", "false");
        p.put("super.users", "User:" + BROKER_USER + ";User:" + LabRole.LAB_ADMIN.principalName());
        return p;
    }


    @Override
    public String toString() {
        return "LocalSecureProfile[clients " + clientsDirectory + ", passwords hidden]";
    }
}
