package dev.eventlabs.grading;

import dev.eventlabs.grading.MutantCatalog.Edit;
import dev.eventlabs.grading.MutantCatalog.Mutant;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A mutant's edits on a grading workspace, and their exact undoing. Each {@code find} must occur exactly once in its
 * file as the solution has it (zero means the catalog no longer matches the solution, two means the edit is
 * ambiguous), the edits of one file must replace separate pieces of it, and then they all apply at once, so their
 * order does not matter and one edit's replacement never matches another's {@code find}. {@link #restore} writes back
 * every file's original bytes, so one starter serves every mutant of a lab.
 */
final class MutantEdits implements AutoCloseable {
    private final Path root;
    private final Map<String, byte[]> originals;

    private MutantEdits(Path root, Map<String, byte[]> originals) {
        this.root = root;
        this.originals = originals;
    }

    /**
     * What is wrong with applying {@code m} to the files under {@code root} (nothing is written): one line per edit
     * whose {@code find} does not occur exactly once, naming the mutant and the file. Empty when it applies.
     */
    static List<String> problems(Path root, Mutant m) {
        List<String> problems = new ArrayList<>();
        mutated(root, m, problems);
        return problems;
    }

    /**
     * Applies {@code m} to the files under {@code root}; close (or {@link #restore}) puts them back byte for byte.
     *
     * @throws GenerationException when an edit does not apply; then no file was changed
     */
    static MutantEdits apply(Path root, Mutant m) {
        List<String> problems = new ArrayList<>();
        Map<String, String> mutated = mutated(root, m, problems);
        if (!problems.isEmpty()) {
            throw new GenerationException(String.join("\n", problems));
        }
        Map<String, byte[]> originals = new LinkedHashMap<>();
        mutated.keySet().forEach(file -> originals.put(file, bytes(root.resolve(file))));
        MutantEdits edits = new MutantEdits(root, originals);
        try {
            mutated.forEach((file, text) -> write(root.resolve(file), text.getBytes(StandardCharsets.UTF_8)));
        } catch (RuntimeException e) {
            edits.restore();
            throw e;
        }
        return edits;
    }

    /** Writes back every edited file's original bytes and checks that they are back. */
    void restore() {
        originals.forEach((file, bytes) -> {
            Path p = root.resolve(file);
            write(p, bytes);
            if (!Arrays.equals(bytes(p), bytes)) {
                throw new IllegalStateException(p + " could not be restored to its original content");
            }
        });
    }

    @Override
    public void close() {
        restore();
    }

    /** Where one edit's {@code find} sits in its file's original text. */
    private record Span(int start, int end, int edit, String replace) {
    }

    /** Each edited file's text after all of the mutant's edits; a problem per edit that does not apply. */
    private static Map<String, String> mutated(Path root, Mutant m, List<String> problems) {
        Map<String, String> originals = new LinkedHashMap<>();
        Map<String, List<Span>> spans = new LinkedHashMap<>();
        int n = 0;
        for (Edit e : m.edits()) {
            n++;
            Path p = root.resolve(e.file());
            if (!originals.containsKey(e.file())) {
                if (!Files.isRegularFile(p)) {
                    problems.add("mutant " + m.id() + " edit #" + n + ": " + e.file() + " is not in " + root);
                    continue;
                }
                originals.put(e.file(), new String(bytes(p), StandardCharsets.UTF_8));
            }
            String text = originals.get(e.file());
            int count = occurrences(text, e.find());
            if (count != 1) {
                problems.add("mutant " + m.id() + " edit #" + n + ": its \"find\" occurs " + count + " times in "
                        + e.file() + " (" + (count == 0 ? "the text is not there: does the catalog still match the"
                        + " solution?" : "it must be unique: quote more of the line") + ")");
                continue;
            }
            int at = text.indexOf(e.find());
            spans.computeIfAbsent(e.file(), f -> new ArrayList<>()).add(new Span(at, at + e.find().length(), n,
                    e.replace()));
        }
        Map<String, String> mutated = new LinkedHashMap<>();
        spans.forEach((file, list) -> {
            list.sort(Comparator.comparingInt(Span::start));
            StringBuilder text = new StringBuilder();
            int next = 0;
            for (Span s : list) {
                if (s.start() < next) {
                    problems.add("mutant " + m.id() + " edit #" + s.edit() + ": its \"find\" overlaps another edit's"
                            + " in " + file + " (the edits of a file must replace separate pieces of it)");
                    return;
                }
                text.append(originals.get(file), next, s.start()).append(s.replace());
                next = s.end();
            }
            mutated.put(file, text.append(originals.get(file).substring(next)).toString());
        });
        return mutated;
    }

    /** Occurrences of {@code find} in {@code text}, overlapping ones too ("aa" occurs twice in "aaa"). */
    static int occurrences(String text, String find) {
        if (find.isEmpty()) {
            throw new IllegalArgumentException("an empty \"find\" matches everywhere");
        }
        int count = 0;
        for (int i = text.indexOf(find); i >= 0; i = text.indexOf(find, i + 1)) {
            count++;
        }
        return count;
    }

    private static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + p, e);
        }
    }

    private static void write(Path p, byte[] bytes) {
        try {
            Files.write(p, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + p, e);
        }
    }
}
