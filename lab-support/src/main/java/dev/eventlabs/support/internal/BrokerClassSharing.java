package dev.eventlabs.support.internal;

import dev.eventlabs.support.LabInfraException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Class data sharing (AppCDS) for the local brokers' JVMs: the classes a Kafka broker loads, parsed and verified once
 * and then mapped from an archive by every later broker and format JVM. A broker starts on about a third less CPU
 * (5.8 s to 3.8 s here), which on a small machine is most of a cluster's start.
 *
 * <p>The archive is a JVM feature ({@code -XX:ArchiveClassesAtExit}, JDK 13 and later): one broker JVM records it
 * when it exits, and the cluster moves it into place only after that JVM exited on its own (a half-written archive is
 * never used). It lives in {@code <java.io.tmpdir>/eventlabs-broker-cds-<uid>} (mode 0700), one file per Java runtime
 * and broker classpath, so a new JDK or Kafka version records its own. A JVM that cannot use an archive (another
 * JDK build, a moved jar) says so in its log and starts without it: the archive only ever saves time.
 * {@code LAB_BROKER_CDS=off} turns it off.
 */
final class BrokerClassSharing {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerClassSharing.class);
    static final String CACHE_PREFIX = "eventlabs-broker-cds-";
    static final String SWITCH_VARIABLE = "LAB_BROKER_CDS";
    /** Smaller than this, an archive is not a broker's: the recording JVM died before it dumped. */
    static final long MIN_ARCHIVE_BYTES = 1L << 20;
    /** Archives kept per user (one per JDK and Kafka version in use); the least recently written go first. */
    static final int MAX_ARCHIVES = 4;
    /** A recording older than this was abandoned (its JVM was killed): deleted. */
    static final Duration ABANDONED_AFTER = Duration.ofHours(1);

    private final Path dir;
    private final Path archive;
    private final boolean enabled;
    private Path recording;

    BrokerClassSharing(Path dir, String runtime, String classpath, boolean enabled) {
        this.dir = dir;
        this.archive = dir.resolve("kafka-" + key(runtime, classpath) + ".jsa");
        this.enabled = enabled;
    }

    /** {@value #SWITCH_VARIABLE}: {@code on} (the default) or {@code off}; any other value is refused. */
    static boolean enabledByEnvironment() {
        return enabled(System.getenv(SWITCH_VARIABLE));
    }

    static boolean enabled(String setting) {
        if (setting == null || setting.isBlank() || setting.trim().equalsIgnoreCase("on")) {
            return true;
        }
        if (setting.trim().equalsIgnoreCase("off")) {
            return false;
        }
        String shown = setting.length() > 40 ? setting.substring(0, 40) + "..." : setting;
        throw new LabInfraException(SWITCH_VARIABLE + "='" + shown + "' is not one of on, off. Unset it to let local"
                + " brokers share their class archive, or set it to off to start them without one.");
    }

    /** For this JVM's Java (the brokers run the same) and {@code classpath}. */
    static BrokerClassSharing forBrokers(String classpath, boolean enabled) {
        Path dir = PrivateDirectory.perUser(Path.of(System.getProperty("java.io.tmpdir")), CACHE_PREFIX);
        return new BrokerClassSharing(dir, System.getProperty("java.home") + "|" + System.getProperty("java.vm.version"),
                classpath, enabled);
    }

    static String key(String runtime, String classpath) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((runtime + "\n" + classpath).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    Path archive() {
        return archive;
    }

    /** Flags for every broker and format JVM: map the archive when there is a complete one. */
    synchronized List<String> useFlags() {
        return enabled && trusted() ? List.of("-XX:SharedArchiveFile=" + archive) : List.of();
    }

    /**
     * A complete archive in a directory only this user can write: the JVM runs the classes it maps, so an archive that
     * another local user could have planted (the temp directory is shared) is never used.
     */
    private boolean trusted() {
        return PrivateDirectory.isPrivate(dir) && complete(archive);
    }

    /**
     * Flags for the one JVM that records the archive, when none exists yet and no JVM of this cluster records it
     * already; empty otherwise. Pass the JVM's exit to {@link #recorded(boolean)}.
     */
    synchronized List<String> recordFlags() {
        if (!enabled || trusted() || recording != null) {
            return List.of();
        }
        try {
            PrivateDirectory.ensure(dir);
        } catch (RuntimeException e) { // e.g. another user owns it: brokers start without an archive
            LOG.warn("Not recording the brokers' class archive: {}", e.getMessage());
            return List.of();
        }
        prune();
        recording = dir.resolve(archive.getFileName() + "." + UUID.randomUUID() + ".recording");
        return List.of("-XX:ArchiveClassesAtExit=" + recording);
    }

    /** Whether a JVM of this cluster was handed {@link #recordFlags()} and has not exited yet. */
    synchronized boolean recording() {
        return recording != null;
    }

    /**
     * The recording JVM is gone. Only if it exited on its own (a SIGTERM, not a SIGKILL) is its archive complete and
     * moved into place; otherwise it is deleted, and a later cluster records again.
     */
    synchronized void recorded(boolean exitedOnItsOwn) {
        if (recording == null) {
            return;
        }
        Path file = recording;
        recording = null;
        try {
            if (exitedOnItsOwn && complete(file) && !trusted()) {
                try {
                    Files.move(file, archive, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(file, archive, StandardCopyOption.REPLACE_EXISTING);
                }
                LOG.info("Recorded the brokers' class archive ({} MB) in {}: later brokers start on less CPU",
                        Files.size(archive) >> 20, archive);
            }
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not keep the brokers' class archive {}: {} (brokers start without it)", archive,
                    e.toString());
        }
    }

    private static boolean complete(Path file) {
        try {
            return Files.isRegularFile(file) && Files.size(file) >= MIN_ARCHIVE_BYTES;
        } catch (IOException e) {
            return false;
        }
    }

    /** Deletes abandoned recordings, and the oldest archives past {@value #MAX_ARCHIVES}. */
    void prune() {
        List<Path> archives = new ArrayList<>();
        Instant abandoned = Instant.now().minus(ABANDONED_AFTER);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "kafka-*")) {
            for (Path f : files) {
                String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
                if (name.endsWith(".recording") && Files.getLastModifiedTime(f).toInstant().isBefore(abandoned)) {
                    Files.deleteIfExists(f);
                } else if (name.endsWith(".jsa")) {
                    archives.add(f);
                }
            }
            archives.sort(Comparator.comparing(BrokerClassSharing::modified).reversed());
            for (Path old : archives.subList(Math.min(archives.size(), MAX_ARCHIVES - 1), archives.size())) {
                Files.deleteIfExists(old);
            }
        } catch (IOException e) {
            LOG.debug("Could not prune {}: {}", dir, e.toString());
        }
    }

    private static FileTime modified(Path f) {
        try {
            return Files.getLastModifiedTime(f);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
