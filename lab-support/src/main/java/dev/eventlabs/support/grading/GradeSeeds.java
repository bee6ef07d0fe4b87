package dev.eventlabs.support.grading;

import java.util.OptionalLong;
import java.util.stream.LongStream;

/**
 * The seeds of an instructor's hidden test: its fixed ones, plus, in a grade build, one drawn at grade time, so a
 * submission cannot be tuned to the seeds its author has seen. The grade profile sets {@value #PROPERTY} from the
 * build's timestamp (override it with {@code -Dgrade.seed=N} to replay a grade) and the grade sheet prints it. A plain
 * build has no grade-time seed, so it stays reproducible.
 */
public final class GradeSeeds {
    /** The system property of the test JVMs that carries the grade-time seed. */
    public static final String PROPERTY = "grade.seed";

    private GradeSeeds() {
    }

    /** {@code fixed}, then the grade-time seed when this JVM has one. */
    public static LongStream with(long... fixed) {
        OptionalLong drawn = gradeSeed();
        return drawn.isPresent() ? LongStream.concat(LongStream.of(fixed), LongStream.of(drawn.getAsLong()))
                : LongStream.of(fixed);
    }

    /** The grade-time seed of this JVM ({@value #PROPERTY}), when set. */
    public static OptionalLong gradeSeed() {
        return parse(System.getProperty(PROPERTY));
    }

    /**
     * A seed from the property's text: its digits as a number (a build timestamp such as {@code 20261207-183700-123}
     * gives 20261207183700123), else the text's hash; empty for no text.
     */
    static OptionalLong parse(String text) {
        if (text == null || text.isBlank()) {
            return OptionalLong.empty();
        }
        String digits = text.replaceAll("\\D", "");
        if (!digits.isEmpty() && digits.length() <= 18) {
            return OptionalLong.of(Long.parseLong(digits));
        }
        return OptionalLong.of(text.strip().hashCode());
    }
}
