package dev.eventlabs.grading;

import dev.eventlabs.support.grading.GradeSheet;
import dev.eventlabs.support.grading.GradeSheet.Step;
import dev.eventlabs.support.grading.TestOutcome;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A grade build's score, worked out by {@code grade} after the build and outside it. Two inputs, neither of them
 * written by the student's code's own grading listener:
 * <ul>
 *   <li>the <em>manifest</em>: which tests each step must have, read from the solution's own test sources (each
 *   {@code void} method annotated {@code @Test}, {@code @ParameterizedTest}, {@code @RepeatedTest} or
 *   {@code @TestTemplate} in a file's top-level class, with its {@code @Tag}s and the class's; the labs' tests nest no
 *   test class);</li>
 *   <li>the Surefire and Failsafe XML reports of each lab module, which Maven's own JVM writes.</li>
 * </ul>
 * A step passes only when every test of its manifest ran and passed; a test of the manifest that did not run (removed,
 * renamed, filtered out) counts as failed; a step none of whose tests ran is {@code skipped}, as on the build's sheet.
 * The same schema as the build's own {@code grade-sheet.json}.
 */
final class ReportScore {
    /** A step id tag, and the annotations that make a method a test. */
    private static final Pattern TOKENS = Pattern.compile("@(?:[\\w.]+\\.)?Tag\\(\\s*\"(\\d+\\.\\d+\\.\\d+)\"\\s*\\)"
            + "|@(?:[\\w.]+\\.)?(Test|ParameterizedTest|RepeatedTest|TestTemplate)\\b"
            + "|\\bvoid\\s+(\\w+)\\s*\\(|\\b(?:class|record|interface|enum)\\s+(\\w+)");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;");
    private static final Pattern COMMENTS = Pattern.compile("(?s)/\\*.*?\\*/|//[^\\n]*");
    private static final List<String> REPORT_DIRS = List.of("target/surefire-reports", "target/failsafe-reports");
    /** Test sources or reports larger than this are not read: no honest one comes near it. */
    private static final long MAX_FILE_BYTES = 64L << 20;
    private static final int MAX_MESSAGE = 500;

    private ReportScore() {
    }

    /** One run of one test, from a report: {@code className#method}, how it ended, and why. */
    record Run(String test, TestOutcome.Status status, String message, double seconds) {
    }

    /**
     * Step id to the tests ({@code fully.qualified.Class#method}) that declare it, from every test source under
     * {@code <lab>/src/test/java} of {@code labs}.
     */
    static Map<String, Set<String>> manifest(Path workspace, Collection<String> labs) {
        Map<String, Set<String>> manifest = new TreeMap<>();
        for (String lab : labs) {
            for (Path file : files(workspace.resolve(lab).resolve("src/test/java"), ".java")) {
                String source = COMMENTS.matcher(read(file)).replaceAll(" ");
                Matcher p = PACKAGE.matcher(source);
                String pkg = p.find() ? p.group(1) + "." : "";
                testsOf(pkg, source).forEach((test, steps) -> steps.forEach(
                        s -> manifest.computeIfAbsent(s, k -> new LinkedHashSet<>()).add(test)));
            }
        }
        return manifest;
    }

    /** The tests of one source file (comments removed) and the steps each declares. */
    static Map<String, Set<String>> testsOf(String pkg, String source) {
        Map<String, Set<String>> tests = new TreeMap<>();
        Set<String> classTags = new LinkedHashSet<>();
        Set<String> pending = new LinkedHashSet<>();
        String topClass = null;
        boolean test = false;
        Matcher m = TOKENS.matcher(source);
        while (m.find()) {
            if (m.group(1) != null) {
                pending.add(m.group(1));
            } else if (m.group(2) != null) {
                test = true;
            } else if (m.group(4) != null) {
                if (topClass == null) {
                    topClass = m.group(4);
                    classTags.addAll(pending);
                }
                pending.clear();
                test = false;
            } else {
                if (test && topClass != null) {
                    Set<String> steps = new LinkedHashSet<>(classTags);
                    steps.addAll(pending);
                    if (!steps.isEmpty()) {
                        tests.put(pkg + topClass + "#" + m.group(3), steps);
                    }
                }
                pending.clear();
                test = false;
            }
        }
        return tests;
    }

    /** Every test run in the XML reports of {@code labs}, by {@code className#method}. */
    static Map<String, List<Run>> reports(Path workspace, Collection<String> labs) {
        Map<String, List<Run>> runs = new TreeMap<>();
        for (String lab : labs) {
            for (String dir : REPORT_DIRS) {
                for (Path file : files(workspace.resolve(lab).resolve(dir), ".xml")) {
                    if (file.getFileName().toString().startsWith("TEST-")) {
                        readReport(file).forEach(r -> runs.computeIfAbsent(r.test(), k -> new ArrayList<>()).add(r));
                    }
                }
            }
        }
        return runs;
    }

    /** The sheet of {@code catalog}'s steps from the manifest and the runs. */
    static GradeSheet.Sheet score(List<Step> catalog, Map<String, Set<String>> manifest, Map<String, List<Run>> runs) {
        List<TestOutcome> outcomes = new ArrayList<>();
        for (Step step : catalog) {
            Set<String> expected = manifest.getOrDefault(step.id(), Set.of());
            boolean anyRan = expected.stream().anyMatch(runs::containsKey);
            if (!anyRan) {
                continue; // the sheet says "no test of this step ran"
            }
            for (String test : expected) {
                List<Run> ran = runs.getOrDefault(test, List.of());
                String name = test.substring(test.lastIndexOf('.') + 1).replace('#', '.');
                if (ran.isEmpty()) {
                    outcomes.add(new TestOutcome(name, List.of(step.id()), TestOutcome.Status.FAILED, "this test of"
                            + " the step did not run (removed, renamed or filtered out), so it counts as failed", 0));
                } else {
                    // one outcome per run (a parameterized test has several), as the build's own listener records
                    // them: GradeSheet.grade then gives the step the worst status of all
                    ran.forEach(r -> outcomes.add(new TestOutcome(name, List.of(step.id()), r.status(), r.message(),
                            r.seconds())));
                }
            }
        }
        return GradeSheet.grade(catalog, outcomes);
    }

    /** The test runs of one Surefire or Failsafe report; a report that cannot be parsed is refused. */
    static List<Run> readReport(Path file) {
        List<Run> runs = new ArrayList<>();
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        try (InputStream in = Files.newInputStream(file)) {
            XMLStreamReader xml = factory.createXMLStreamReader(in, StandardCharsets.UTF_8.name());
            String test = null;
            double seconds = 0;
            TestOutcome.Status status = null;
            String message = null;
            StringBuilder text = null;
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamReader.START_ELEMENT) {
                    String element = xml.getLocalName();
                    if (element.equals("testcase")) {
                        String name = xml.getAttributeValue(null, "name");
                        String cls = xml.getAttributeValue(null, "classname");
                        test = cls + "#" + method(name == null ? "" : name);
                        seconds = parseSeconds(xml.getAttributeValue(null, "time"));
                        status = TestOutcome.Status.PASSED;
                        message = null;
                    } else if (test != null && (element.equals("failure") || element.equals("error"))) {
                        status = TestOutcome.Status.FAILED;
                        message = xml.getAttributeValue(null, "message");
                        String type = xml.getAttributeValue(null, "type");
                        if (type != null && type.endsWith("StepNotImplemented")) {
                            status = TestOutcome.Status.NOT_IMPLEMENTED;
                        }
                        text = new StringBuilder();
                    } else if (test != null && element.equals("skipped")
                            && status == TestOutcome.Status.PASSED) {
                        status = TestOutcome.Status.SKIPPED;
                        message = xml.getAttributeValue(null, "message");
                    }
                } else if (event == XMLStreamReader.CHARACTERS && text != null && text.length() < 100_000) {
                    text.append(xml.getText());
                } else if (event == XMLStreamReader.END_ELEMENT) {
                    String element = xml.getLocalName();
                    if ((element.equals("failure") || element.equals("error")) && text != null) {
                        if (text.indexOf("dev.eventlabs.support.grading.StepNotImplemented") >= 0) {
                            status = TestOutcome.Status.NOT_IMPLEMENTED;
                        }
                        text = null;
                    } else if (element.equals("testcase") && test != null) {
                        runs.add(new Run(test, status, shorten(message), seconds));
                        test = null;
                    }
                }
            }
            xml.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the test report " + file, e);
        } catch (XMLStreamException e) {
            throw new GenerationException("the test report " + file + " is not well-formed XML (" + e.getMessage()
                    + "); the build's reports cannot be trusted, so nothing was scored");
        }
        return runs;
    }

    /** {@code method(Type)[1]} and {@code method()} to {@code method}. */
    static String method(String testcaseName) {
        int end = testcaseName.length();
        for (char c : new char[] {'(', '['}) {
            int i = testcaseName.indexOf(c);
            if (i >= 0) {
                end = Math.min(end, i);
            }
        }
        return testcaseName.substring(0, end).strip();
    }

    private static double parseSeconds(String time) {
        try {
            return time == null ? 0 : Double.parseDouble(time.replace(",", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String shorten(String message) {
        return message == null || message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "...";
    }

    /** The regular files under {@code dir} whose names end with {@code suffix}, each at most the size bound. */
    private static List<Path> files(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> found = walk.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(suffix)).sorted()
                    .collect(Collectors.toList());
            for (Path f : found) {
                if (Files.size(f) > MAX_FILE_BYTES) {
                    throw new GenerationException(f + " is larger than " + MAX_FILE_BYTES + " bytes; nothing was scored");
                }
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + dir, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }
}
