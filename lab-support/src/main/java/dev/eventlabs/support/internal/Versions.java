package dev.eventlabs.support.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The versions pinned in the root pom, carried into the code by resource filtering. */
public final class Versions {
    private static final Properties PROPERTIES = load();

    private Versions() {
    }

    public static String kafka() {
        return get("kafka.version");
    }

    public static String postgresImageTag() {
        return get("postgres.image.tag");
    }

    private static String get(String key) {
        String value = PROPERTIES.getProperty(key);
        if (value == null || value.startsWith("${")) {
            throw new IllegalStateException(key + " is missing from versions.properties; rebuild with ./mvnw install");
        }
        return value;
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("/dev/eventlabs/support/versions.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
