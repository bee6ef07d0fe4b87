package dev.eventlabs.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Keeping passwords out of output and process lists: JDBC URLs are printed masked, and a main's database password can
 * come from the environment or a file, which {@code ps} does not show, instead of a flag, which it does. Stateless.
 */
public final class Secrets {
    /** The environment variable naming a file whose first line is the PostgreSQL password (as the postgres image). */
    public static final String POSTGRES_PASSWORD_FILE = "POSTGRES_PASSWORD_FILE";
    static final String MASK = "****";
    /**
     * Every password lab-support makes starts with this, so one search of a build's output finds any that leaked:
     * CI greps the test reports and the build log for it ({@code .ci/run}). It says nothing about the random rest.
     */
    public static final String GENERATED_PREFIX = "labsecret-";
    private static final int GENERATED_RANDOM_BYTES = 24;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Bounds a password file: a password is a line, not a document. */
    static final long MAX_PASSWORD_FILE_BYTES = 4096;

    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)([?&;](?:password|sslpassword)=)[^&;]*");
    private static final Pattern URL_USERINFO = Pattern.compile("(//[^/@:?]*:)[^/@?]*@");

    private Secrets() {
    }

    /** A new random password: {@link #GENERATED_PREFIX} and 24 random bytes, URL-safe base64 (192 bits). */
    public static String generatePassword() {
        byte[] bytes = new byte[GENERATED_RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return GENERATED_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** {@code url} with any {@code password=} parameter and any {@code user:password@} part replaced by ****. */
    public static String maskJdbcUrl(String url) {
        if (url == null) {
            return null;
        }
        String masked = URL_PASSWORD.matcher(url).replaceAll("$1" + MASK);
        return URL_USERINFO.matcher(masked).replaceAll("$1" + MASK + "@");
    }

    /**
     * A main's database password: the flag if given; else {@code POSTGRES_PASSWORD}; else the first line of the file
     * named by {@link #POSTGRES_PASSWORD_FILE}; else {@code fallback}.
     *
     * @throws LabInfraException if the file is unreadable or bigger than a password can be
     */
    public static String postgresPassword(String flag, Map<String, String> env, String fallback) {
        if (flag != null) {
            return flag;
        }
        String fromEnv = env.get(PostgresDatabase.POSTGRES_PASSWORD);
        if (fromEnv != null) {
            return fromEnv;
        }
        String file = env.get(POSTGRES_PASSWORD_FILE);
        if (file == null || file.isBlank()) {
            return fallback;
        }
        Path path = Path.of(file);
        try {
            if (Files.size(path) > MAX_PASSWORD_FILE_BYTES) {
                throw new LabInfraException(POSTGRES_PASSWORD_FILE + " names " + path + ", which has more than "
                        + MAX_PASSWORD_FILE_BYTES + " bytes: not a password file");
            }
            String text = Files.readString(path, StandardCharsets.UTF_8);
            int nl = text.indexOf('\n');
            return (nl < 0 ? text : text.substring(0, nl)).strip();
        } catch (IOException e) {
            throw new LabInfraException(POSTGRES_PASSWORD_FILE + " names " + path + ", which cannot be read: "
                    + e.getMessage(), e);
        }
    }
}
