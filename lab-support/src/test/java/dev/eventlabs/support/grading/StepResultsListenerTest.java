package dev.eventlabs.support.grading;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherFactory;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/** What the listener records for the grade sheet, from a real JUnit Platform run of a small fixture class. */
class StepResultsListenerTest {
    /** How the sheet names a test: its class's binary simple name, then the method. */
    private static final String F = "StepResultsListenerTest$Fixture.";

    @Test
    void eachTaggedTestIsRecordedWithItsStepsAndHowItEnded(@TempDir Path results) {
        List<TestOutcome> outcomes = runFixture(results);

        assertThat(outcomes).extracting(TestOutcome::test, TestOutcome::steps, TestOutcome::status)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(F + "passes", List.of("9.9.1"), TestOutcome.Status.PASSED),
                        org.assertj.core.groups.Tuple.tuple(F + "fails", List.of("9.9.1", "9.9.2"), TestOutcome.Status.FAILED),
                        org.assertj.core.groups.Tuple.tuple(F + "stubbed", List.of("9.9.2"), TestOutcome.Status.NOT_IMPLEMENTED),
                        org.assertj.core.groups.Tuple.tuple(F + "aborted", List.of("9.9.3"), TestOutcome.Status.SKIPPED));
    }

    @Test
    void aStubbedStepSaysWhichStepAndWhereToRead(@TempDir Path results) {
        TestOutcome stubbed = runFixture(results).stream().filter(o -> o.test().equals(F + "stubbed")).findFirst()
                .orElseThrow();

        assertThat(stubbed.message()).isEqualTo("step 9.9.2 not implemented (Fixture#stubbed). Hint: write it. See"
                + " lab/README.md#step.");
    }

    private static List<TestOutcome> runFixture(Path results) {
        String before = System.getProperty(StepResultsListener.RESULTS_DIR_PROPERTY);
        System.setProperty(StepResultsListener.RESULTS_DIR_PROPERTY, results.toString());
        try {
            LauncherDiscoveryRequest request = request().selectors(selectClass(Fixture.class)).build();
            // Only this listener: the run must not also write into the build's own grade results.
            Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                    .enableTestExecutionListenerAutoRegistration(false)
                    .addTestExecutionListeners(new StepResultsListener()).build());
            launcher.execute(request);
        } finally {
            if (before == null) {
                System.clearProperty(StepResultsListener.RESULTS_DIR_PROPERTY);
            } else {
                System.setProperty(StepResultsListener.RESULTS_DIR_PROPERTY, before);
            }
        }
        return GradeSheet.readOutcomes(results);
    }

    /** Run only by the tests above (Surefire skips nested classes). */
    static class Fixture {
        @Tag("9.9.1")
        @Test
        void passes() {
        }

        @Tag("9.9.1")
        @Tag("9.9.2")
        @Tag("not-a-step")
        @Test
        void fails() {
            throw new AssertionError("wrong");
        }

        @Tag("9.9.2")
        @Test
        void stubbed() {
            throw new IllegalStateException("the consumer died",
                    new StepNotImplemented("9.9.2", "Fixture#stubbed", "write it.", "lab/README.md#step"));
        }

        @Tag("9.9.3")
        @Test
        void aborted() {
            Assumptions.assumeTrue(false, "this backend cannot do it");
        }

        @Test
        void untagged() {
        }
    }
}
