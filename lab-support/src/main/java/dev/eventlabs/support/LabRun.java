package dev.eventlabs.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.eventlabs.support.grading.StepNotImplemented;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The output contract every lab main shares: an output directory ({@code --out}, default {@code target/<module>/}),
 * a machine-readable {@code summary.json} in it, and {@code VERDICT: PASS} or {@code VERDICT: FAIL <reason>} as the
 * last line printed, with exit code 0 or 1.
 */
public final class LabRun {
    public static final String SUMMARY_FILE = "summary.json";
    public static final int EXIT_PASS = 0;
    public static final int EXIT_FAIL = 1;
    /** picocli's code for bad or unknown flags. */
    public static final int EXIT_USAGE = 2;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private LabRun() {
    }

    /** The {@code --out} flag if given, otherwise {@code target/<module>/} under the working directory; created. */
    public static Path outputDirectory(Path outFlag, String module) {
        Path dir = outFlag != null ? outFlag : Path.of("target", module);
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the output directory " + dir.toAbsolutePath()
                    + "; choose another with --out DIR", e);
        }
    }

    /** Writes {@code summary} (maps, lists, records, numbers, strings) as pretty JSON to {@code dir/summary.json}. */
    public static Path writeSummary(Path dir, Map<String, ?> summary) {
        Path file = dir.resolve(SUMMARY_FILE);
        try {
            JSON.writeValue(PrivateFiles.ownerOnly(file).toFile(), summary); // it may name users: 0600
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file.toAbsolutePath(), e);
        }
    }

    /**
     * Prints the verdict as the last line and returns the exit code. When a lab step's stub was hit on any thread
     * (a starter whose student has not written that step yet), the run fails with the stub's message, whatever the
     * lab's own checks said: e.g. {@code VERDICT: FAIL step 3.2.1 not implemented (UnboundedQueue#put) ...}.
     *
     * @param failReason why it failed; ignored when {@code pass}
     */
    public static int verdict(PrintStream out, boolean pass, String failReason) {
        StepNotImplemented stub = StepNotImplemented.firstHit();
        if (stub != null) {
            pass = false;
            failReason = stub.getMessage();
        }
        out.println(pass ? "VERDICT: PASS" : "VERDICT: FAIL " + failReason);
        out.flush();
        return pass ? EXIT_PASS : EXIT_FAIL;
    }
}
