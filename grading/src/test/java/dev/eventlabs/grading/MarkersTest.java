package dev.eventlabs.grading;

import dev.eventlabs.support.grading.GradeSheet.Step;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How solution markers turn into the starter's stubs between YOUR CODE markers, which markers the generator refuses,
 * and how grading takes a submission's regions and nothing else.
 */
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
                "        // YOUR CODE 3.2.3 " + Markers.OPEN_NOTE,
                "        throw new dev.eventlabs.support.grading.StepNotImplemented(\"3.2.3\", \"Queue#put\","
                        + " \"Wait while \\\"full\\\".\", \"lab-3.2-backpressure/README.md#x\");",
                "        // END OF YOUR CODE 3.2.3",
                "    }",
                "}");
    }

    @Test
    void aStubLineReplacesTheRegion() {
        List<String> marked = List.of("int size() {", "    // BEGIN SOLUTION 3.2.3", "    // STUB: return 0;",
                "    return items.size();", "    // END SOLUTION", "}");

        assertThat(Markers.render("Q.java", marked, CATALOG, Set.of()))
                .containsExactly("int size() {", "    // YOUR CODE 3.2.3 " + Markers.OPEN_NOTE, "    return 0;",
                        "    // END OF YOUR CODE 3.2.3", "}");
    }

    @Test
    void aSolvedStepKeepsItsSolutionWithoutTheSolutionMarkers() {
        assertThat(Markers.render("lab/Queue.java", QUEUE, CATALOG, Set.of("3.2.3")))
                .containsExactly("final class Queue {",
                        "    public Admission put(T item) throws InterruptedException {", "        lock.lock();",
                        "        // YOUR CODE 3.2.3 " + Markers.OPEN_NOTE, "        awaitSpace();",
                        "        return enqueue(item);", "        // END OF YOUR CODE 3.2.3", "    }", "}");
    }

    @Test
    void aSqlRegionBecomesATodoComment() {
        List<String> sql = List.of("CREATE TABLE t (", "-- BEGIN SOLUTION 3.2.3", "  k TEXT PRIMARY KEY",
                "-- END SOLUTION", ");");

        List<String> starter = Markers.render("V1.sql", sql, CATALOG, Set.of());

        assertThat(starter.get(1)).isEqualTo("-- YOUR CODE 3.2.3 " + Markers.OPEN_NOTE);
        assertThat(starter.get(2)).startsWith("-- TODO step 3.2.3: Replace it with a bounded queue. Hint:");
        assertThat(starter.get(3)).isEqualTo("-- END OF YOUR CODE 3.2.3");
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

    // ---- grading: only the regions are taken

    private static final List<String> STARTER = Markers.render("lab/Queue.java", QUEUE, CATALOG, Set.of());

    @Test
    void gradingTakesTheLinesBetweenTheMarkersAndTheStartersEverywhereElse() {
        List<String> submitted = new java.util.ArrayList<>(STARTER);
        submitted.set(4, "        awaitSpace();");
        submitted.add(5, "        return enqueue(item);");
        submitted.set(0, "final class Queue {   ");

        assertThat(Markers.splice("lab/Queue.java", STARTER, submitted)).containsExactly("final class Queue {",
                "    public Admission put(T item) throws InterruptedException {", "        lock.lock();",
                "        // YOUR CODE 3.2.3 " + Markers.OPEN_NOTE, "        awaitSpace();",
                "        return enqueue(item);", "        // END OF YOUR CODE 3.2.3", "    }", "}");
    }

    @Test
    void aLineChangedOutsideTheRegionsIsRefusedWithFileAndLine() {
        List<String> submitted = new java.util.ArrayList<>(STARTER);
        submitted.set(2, "        // lock.lock();");

        assertThatThrownBy(() -> Markers.splice("lab/Queue.java", STARTER, submitted))
                .isInstanceOf(GenerationException.class)
                .hasMessageStartingWith("lab/Queue.java:3: outside the YOUR CODE regions, the submission differs")
                .hasMessageContaining("'// lock.lock();' instead of 'lock.lock();'");
    }

    @Test
    void aLineAddedAfterTheLastRegionIsRefused() {
        List<String> submitted = new java.util.ArrayList<>(STARTER);
        submitted.add("class Helper { }");

        assertThatThrownBy(() -> Markers.splice("lab/Queue.java", STARTER, submitted))
                .hasMessageStartingWith("lab/Queue.java:9: outside the YOUR CODE regions")
                .hasMessageContaining("an extra line 'class Helper { }'");
    }

    @Test
    void aDeletedMarkerIsRefusedWithFileAndLine() {
        List<String> noEnd = new java.util.ArrayList<>(STARTER);
        noEnd.remove(5);
        List<String> noOpen = new java.util.ArrayList<>(STARTER);
        noOpen.remove(3);

        assertThatThrownBy(() -> Markers.splice("lab/Queue.java", STARTER, noEnd))
                .hasMessage("lab/Queue.java:4: YOUR CODE 3.2.3 is never closed with END OF YOUR CODE 3.2.3");
        assertThatThrownBy(() -> Markers.splice("lab/Queue.java", STARTER, noOpen))
                .hasMessageStartingWith("lab/Queue.java:5: END OF YOUR CODE without a YOUR CODE line above it");
    }

    @Test
    void aRegionRemovedOrDuplicatedIsRefused() {
        List<String> removed = new java.util.ArrayList<>(STARTER);
        removed.subList(3, 6).clear();
        List<String> twice = new java.util.ArrayList<>(STARTER);
        twice.addAll(7, STARTER.subList(3, 6));

        assertThatThrownBy(() -> Markers.splice("lab/Queue.java", STARTER, removed))
                .hasMessage("lab/Queue.java: the region of step 3.2.3 (YOUR CODE, line 4 of the starter) is missing");
        assertThatThrownBy(() -> Markers.splice("lab/Queue.java", STARTER, twice))
                .hasMessageStartingWith("lab/Queue.java:8: YOUR CODE 3.2.3 is not the starter's region number 2");
    }

    @Test
    void nestedOrMismatchedMarkersAreRefused() {
        List<String> nested = new java.util.ArrayList<>(STARTER);
        nested.add(5, "        // YOUR CODE 3.2.3 again");
        List<String> inline = new java.util.ArrayList<>(STARTER);
        inline.set(4, "        f(); // END OF YOUR CODE 3.2.3");

        assertThatThrownBy(() -> Markers.parseStudent("Q.java", nested))
                .hasMessageStartingWith("Q.java:6: YOUR CODE 3.2.3 inside the region of step 3.2.3 opened at line 4");
        assertThatThrownBy(() -> Markers.parseStudent("Q.java", inline))
                .hasMessage("Q.java:5: a YOUR CODE marker must stand alone on its line, as the starter wrote it");
        assertThatThrownBy(() -> Markers.parseStudent("Q.java", List.of("// YOUR CODE 3.2.3", "// END OF YOUR CODE 3.2.4")))
                .hasMessage("Q.java:2: END OF YOUR CODE 3.2.4 closes the region of step 3.2.3 opened at line 1");
    }
}
