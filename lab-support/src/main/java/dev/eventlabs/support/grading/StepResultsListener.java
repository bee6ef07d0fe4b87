package dev.eventlabs.support.grading;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Records, for the grade sheet, how each test that declares a lab step (a JUnit tag such as {@code 3.1.2}) ended.
 * Registered for every test JVM through {@code META-INF/services}; it writes only when the system property
 * {@value #RESULTS_DIR_PROPERTY} names a directory (the {@code grade} profile sets it), one file per test JVM.
 *
 * <p>It also makes every Awaitility wait of the test JVM fail fast once a lab step's stub has been hit on any thread
 * (see {@link StepNotImplemented#rethrowIfHit()}), so a stubbed step fails its tests in seconds.
 *
 * <p>Called by the JUnit Platform on its own thread(s); collects under a lock and writes once, at the end of the plan.
 */
public final class StepResultsListener implements TestExecutionListener {
    public static final String RESULTS_DIR_PROPERTY = "grade.results.dir";
    static final Pattern STEP_TAG = Pattern.compile("\\d+\\.\\d+\\.\\d+");
    /** Bounds what one failure adds to the sheet. */
    private static final int MAX_MESSAGE_CHARS = 500;

    private final List<TestOutcome> outcomes = new ArrayList<>();
    private final Map<String, Long> started = new ConcurrentHashMap<>();

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        synchronized (outcomes) {
            outcomes.clear();
        }
        AwaitilityFailFast.installIfPresent();
    }

    @Override
    public void executionStarted(TestIdentifier test) {
        if (test.isTest()) {
            StepNotImplemented.resetHits();
            started.put(test.getUniqueId(), System.nanoTime());
        }
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        record(test, TestOutcome.Status.SKIPPED, reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        Throwable failure = result.getThrowable().orElse(null);
        String message = failure == null ? null : failure.toString();
        switch (result.getStatus()) {
            case SUCCESSFUL:
                record(test, TestOutcome.Status.PASSED, null);
                break;
            case ABORTED:
                record(test, TestOutcome.Status.SKIPPED, message);
                break;
            default:
                // The stub in the failure's causes, or one hit on another thread during this test (a consumer's,
                // whose death the test then saw as a missing record).
                StepNotImplemented inCauses = stub(failure);
                StepNotImplemented stub = inCauses != null ? inCauses : StepNotImplemented.firstHit();
                record(test, stub != null ? TestOutcome.Status.NOT_IMPLEMENTED : TestOutcome.Status.FAILED,
                        stub != null ? stub.getMessage() : message);
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        String dir = System.getProperty(RESULTS_DIR_PROPERTY);
        List<TestOutcome> copy;
        synchronized (outcomes) {
            copy = new ArrayList<>(outcomes);
        }
        if (dir == null || dir.isBlank() || copy.isEmpty()) {
            return;
        }
        try {
            Path out = Path.of(dir);
            Files.createDirectories(out);
            new ObjectMapper().writerWithDefaultPrettyPrinter()
                    .writeValue(out.resolve("tests-" + UUID.randomUUID() + ".json").toFile(), copy);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the grade results to " + dir, e);
        }
    }

    private void record(TestIdentifier test, TestOutcome.Status status, String message) {
        List<String> steps = steps(test);
        // A skipped class never starts its tests; the sheet then reports their steps as "no test ran".
        if (!test.isTest() || steps.isEmpty()) {
            return;
        }
        Long start = started.remove(test.getUniqueId());
        double seconds = start == null ? 0 : Math.round((System.nanoTime() - start) / 1e8) / 10.0;
        synchronized (outcomes) {
            outcomes.add(new TestOutcome(name(test), steps, status, truncate(message), seconds));
        }
    }

    static List<String> steps(TestIdentifier test) {
        return test.getTags().stream().map(TestTag::getName).filter(t -> STEP_TAG.matcher(t).matches()).sorted()
                .collect(Collectors.toList());
    }

    private static String name(TestIdentifier test) {
        TestSource source = test.getSource().orElse(null);
        if (source instanceof MethodSource) {
            MethodSource m = (MethodSource) source;
            String cls = m.getClassName();
            return cls.substring(cls.lastIndexOf('.') + 1) + "." + m.getMethodName();
        }
        return test.getDisplayName();
    }

    private static StepNotImplemented stub(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StepNotImplemented) {
                return (StepNotImplemented) t;
            }
            for (Throwable s : t.getSuppressed()) {
                if (s instanceof StepNotImplemented) {
                    return (StepNotImplemented) s;
                }
            }
        }
        return null;
    }

    private static String truncate(String message) {
        if (message == null || message.length() <= MAX_MESSAGE_CHARS) {
            return message;
        }
        return message.substring(0, MAX_MESSAGE_CHARS) + "...";
    }
}
