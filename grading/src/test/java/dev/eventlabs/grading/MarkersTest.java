package dev.eventlabs.grading;

import dev.eventlabs.support.grading.GradeSheet.Step;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How solution markers turn into the starter's stubs, and which markers the generator refuses. */
class MarkersTest {
    private static final Map<String, Step> CATALOG = Map.of("3.2.3", new Step("3.2.3", "lab-3.2-backpressure", "write",
            10, "Replace it with a bounded queue", "Wait while \"full\".", "lab-3.2-backpressure/README.md#x", List.of("3.2.3")));

    private static final List<String> QUEUE = List.of(
            "final class Queue {",
            "    public Admission put(T item) throws InterruptedException {",
            "        lock.lock();",
            "        // BEGIN SOLUTION 3.2.3",
            "        awaitSpace();",
            "        return enqueue(item);",
            "        // END SOLUTION",
            "    }",
            "}");

    @Test
    void aRegionWithoutAStubBecomesAThrowNamingTheStepMethodHintAndReadme() {
        List<String> starter = Markers.render("lab/Queue.java", QUEUE, CATALOG, Set.of());

        assertThat(starter).containsExactly(
                "final class Queue {",
                "    public Admission put(T item) throws InterruptedException {",
                "        lock.lock();",
                "        throw new dev.eventlabs.support.grading.StepNotImplemented(\"3.2.3\", \"Queue#put\","
                        + " \"Wait while \\\"full\\\".\", \"lab-3.2-backpressure/README.md#x\");",
                "    }",
                "}");
    }

    @Test
    void aStubLineReplacesTheRegion() {
        List<String> marked = List.of("int size() {", "    // BEGIN SOLUTION 3.2.3", "    // STUB: return 0;",
                "    return items.size();", "    // END SOLUTION", "}");

        assertThat(Markers.render("Q.java", marked, CATALOG, Set.of()))
                .containsExactly("int size() {", "    return 0;", "}");
    }

    @Test
    void aSolvedStepKeepsItsSolutionWithoutTheMarkers() {
        assertThat(Markers.render("lab/Queue.java", QUEUE, CATALOG, Set.of("3.2.3")))
                .containsExactly("final class Queue {",
                        "    public Admission put(T item) throws InterruptedException {", "        lock.lock();",
                        "        awaitSpace();", "        return enqueue(item);", "    }", "}");
    }

    @Test
    void aSqlRegionBecomesATodoComment() {
        List<String> sql = List.of("CREATE TABLE t (", "-- BEGIN SOLUTION 3.2.3", "  k TEXT PRIMARY KEY",
                "-- END SOLUTION", ");");

        assertThat(Markers.render("V1.sql", sql, CATALOG, Set.of())).element(1).asString()
                .startsWith("-- TODO step 3.2.3: Replace it with a bounded queue. Hint:");
    }

    @Test
    void anUnclosedRegionIsRefusedNamingFileAndLine() {
        List<String> open = List.of("void f() {", "  // BEGIN SOLUTION 3.2.3", "  g();", "}");

        assertThatThrownBy(() -> Markers.parse("A.java", open, CATALOG))
                .isInstanceOf(GenerationException.class).hasMessage("A.java:2: BEGIN SOLUTION 3.2.3 is never closed"
                        + " with END SOLUTION");
    }

    @Test
    void nestedRegionsAreRefused() {
        List<String> nested = List.of("// BEGIN SOLUTION 3.2.3", "// BEGIN SOLUTION 3.2.3", "// END SOLUTION",
                "// END SOLUTION");

        assertThatThrownBy(() -> Markers.parse("A.java", nested, CATALOG)).hasMessageStartingWith("A.java:2: BEGIN"
                + " SOLUTION inside the region opened at line 1");
    }

    @Test
    void anEndWithoutABeginIsRefused() {
        assertThatThrownBy(() -> Markers.parse("A.java", List.of("x();", "// END SOLUTION"), CATALOG))
                .hasMessage("A.java:2: END SOLUTION without a BEGIN SOLUTION");
    }

    @Test
    void aStepThatIsNotInTheCatalogIsRefused() {
        assertThatThrownBy(() -> Markers.parse("A.java", List.of("// BEGIN SOLUTION 9.9.9", "// END SOLUTION"),
                CATALOG)).hasMessageContaining("step '9.9.9' is not in the step catalog");
    }

    @Test
    void aMarkerThatDoesNotStandAloneIsRefused() {
        assertThatThrownBy(() -> Markers.parse("A.java", List.of("f(); // BEGIN SOLUTION 3.2.3"), CATALOG))
                .hasMessageContaining("must stand alone on its line");
    }

    @Test
    void theLinesOutsideTheRegionsLeaveOutTheMarkersAndTheSolution() {
        List<Markers.Region> regions = Markers.parse("lab/Queue.java", QUEUE, CATALOG);

        assertThat(Markers.linesOutside(QUEUE, regions)).containsExactlyInAnyOrder("final class Queue {", "public Admission put(T item) throws InterruptedException {", "lock.lock();",
                "}");
    }

    @Test
    void theEnclosingMethodIsTheNearestDeclarationAboveSkippingControlStatements() {
        List<String> lines = List.of("  private static long count(Pattern p, String text) {", "    while (m.find()) {",
                "      if (x) {", "        // BEGIN SOLUTION 3.2.3");

        assertThat(Markers.enclosingMethod(lines, 3)).isEqualTo("count");
    }
}
