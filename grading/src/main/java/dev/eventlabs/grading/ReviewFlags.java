package dev.eventlabs.grading;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What no lesson region needs, flagged in a submission's regions for an instructor to review: reflection, starting a
 * process, file I/O, ending the JVM, threads of its own, and the grading package. A flag does not change the score
 * (a test of the effect does that); it points a reader at code that may try to reach past the lesson. Comments are not
 * read. Stateless.
 */
final class ReviewFlags {
    private static final Map<String, Pattern> RULES = new LinkedHashMap<>();

    static {
        RULES.put("reflection", Pattern.compile("\\bjava\\.lang\\.reflect\\b|\\.setAccessible\\s*\\(|"
                + "\\.getDeclared(Field|Method|Constructor)s?\\s*\\(|\\bClass\\.forName\\s*\\(|\\bMethodHandles\\b|"
                + "\\bUnsafe\\b"));
        RULES.put("a process", Pattern.compile("\\bProcessBuilder\\b|\\.exec\\s*\\(|\\bProcessHandle\\b"));
        RULES.put("file I/O", Pattern.compile("\\bjava\\.nio\\.file\\b|\\bFiles\\s*\\.|\\bPaths?\\s*\\.\\s*(get|of)\\s*\\(|"
                + "\\bnew\\s+File(InputStream|OutputStream|Reader|Writer)?\\s*\\(|\\bRandomAccessFile\\b|"
                + "\\bFileChannel\\b"));
        RULES.put("ending the JVM", Pattern.compile("\\bSystem\\s*\\.\\s*exit\\s*\\(|\\.halt\\s*\\(|"
                + "\\baddShutdownHook\\b"));
        RULES.put("a thread of its own", Pattern.compile("\\bnew\\s+Thread\\s*\\(|\\bThread\\s*\\.\\s*(ofPlatform|"
                + "ofVirtual|startVirtualThread)\\b|\\bExecutors\\s*\\.|\\bThreadFactory\\b|\\bForkJoinPool\\b|"
                + "\\bnew\\s+Timer\\s*\\("));
        RULES.put("the grading package", Pattern.compile("\\bdev\\.eventlabs\\.support\\.grading\\b|"
                + "\\bgrade\\.results\\b|\\bStepResultsListener\\b|\\bGradeSheet\\b"));
    }

    private static final int SHOWN = 100;
    private static final String STUB = "throw new dev.eventlabs.support.grading.StepNotImplemented(";

    private ReviewFlags() {
    }

    /** One flagged line: the submission's file and line, the rule, and the code (trimmed, shortened). */
    record Flag(String file, int line, String what, String code) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + what + ": " + code;
        }
    }

    /** The flags of the region bodies of {@code lines}, the submission's version of {@code file}. */
    static List<Flag> scan(String file, List<String> lines) {
        List<Flag> flags = new ArrayList<>();
        for (Markers.StudentRegion r : Markers.parseStudent(file, lines)) {
            for (int i = r.open(); i < r.close() - 1; i++) {
                String code = withoutComment(lines.get(i));
                if (code.strip().startsWith(STUB)) {
                    continue; // the starter's own stub, left in place: the step scores 0 as not-implemented
                }
                for (Map.Entry<String, Pattern> rule : RULES.entrySet()) {
                    if (rule.getValue().matcher(code).find()) {
                        String t = code.strip();
                        flags.add(new Flag(file, i + 1, rule.getKey(), t.length() <= SHOWN ? t
                                : t.substring(0, SHOWN) + "..."));
                        break;
                    }
                }
            }
        }
        return flags;
    }

    /** The line without a trailing {@code //} comment, or blank when it is a comment line. */
    private static String withoutComment(String line) {
        String t = line.strip();
        if (t.startsWith("*") || t.startsWith("/*") || t.startsWith("--")) {
            return "";
        }
        int comment = line.indexOf("//");
        return comment >= 0 ? line.substring(0, comment) : line;
    }
}
