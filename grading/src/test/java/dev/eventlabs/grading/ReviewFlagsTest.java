package dev.eventlabs.grading;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Lines of a region that reach past the lesson are flagged, with file, line and rule; comments and the rest are not. */
class ReviewFlagsTest {
    @Test
    void reflectionProcessesFilesExitsThreadsAndGradingInternalsInARegionAreFlagged() {
        List<String> lines = List.of(
                "class Q {",
                "    void put() {",
                "        System.exit(0); // outside any region: not read",
                "        // YOUR CODE 3.2.1 " + Markers.OPEN_NOTE,
                "        java.lang.reflect.Field f = Q.class.getDeclaredField(\"items\");",
                "        new ProcessBuilder(\"sh\").start();",
                "        java.nio.file.Files.writeString(p, \"{}\");",
                "        Runtime.getRuntime().addShutdownHook(hook);",
                "        new Thread(() -> { }).start();",
                "        dev.eventlabs.support.grading.StepNotImplemented.firstHit();",
                "        // System.exit(1) would be wrong here",
                "        items.addLast(item); // not Files.write",
                "        throw new dev.eventlabs.support.grading.StepNotImplemented(\"3.2.1\", \"Q#put\", \"h\", \"r\");",
                "        // END OF YOUR CODE 3.2.1",
                "    }",
                "}");

        List<ReviewFlags.Flag> flags = ReviewFlags.scan("Q.java", lines);

        assertThat(flags).extracting(ReviewFlags.Flag::line, ReviewFlags.Flag::what).containsExactly(
                org.assertj.core.groups.Tuple.tuple(5, "reflection"),
                org.assertj.core.groups.Tuple.tuple(6, "a process"),
                org.assertj.core.groups.Tuple.tuple(7, "file I/O"),
                org.assertj.core.groups.Tuple.tuple(8, "ending the JVM"),
                org.assertj.core.groups.Tuple.tuple(9, "a thread of its own"),
                org.assertj.core.groups.Tuple.tuple(10, "the grading package"));
        assertThat(flags.get(1).toString()).isEqualTo("Q.java:6: a process: new ProcessBuilder(\"sh\").start();");
    }
}
