package dev.eventlabs.lab33;

import picocli.CommandLine;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Parses {@code 15d}, {@code 36h}, {@code 90m}, {@code 30s} or ISO-8601 ({@code P15D}, {@code PT36H}). */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("p")) {
                return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            switch (v.charAt(v.length() - 1)) {
                case 'd':
                    return Duration.ofDays(n);
                case 'h':
                    return Duration.ofHours(n);
                case 'm':
                    return Duration.ofMinutes(n);
                case 's':
                    return Duration.ofSeconds(n);
                default:
                    break;
            }
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            // fall through to the usage message below
        }
        throw new CommandLine.TypeConversionException("'" + value + "' is not a duration; use e.g. 15d, 36h, 90m,"
                + " 30s or P15D");
    }
}
