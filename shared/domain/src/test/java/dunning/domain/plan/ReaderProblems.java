package dunning.domain.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

/** The checks the plan and scenario readers' tests share on the problems a reader reports for a file. */
public final class ReaderProblems {
    private ReaderProblems() {}

    /** Each expected problem is somewhere among the reported ones (which may say more). */
    public static void assertReported(List<String> expected, List<String> problems) {
        String all = String.join("\n", problems);
        for (String e : expected) {
            assertTrue(all.contains(e), "missing: " + e + "\nin:\n" + all);
        }
    }

    /** The problems are exactly the expected ones, each at its path in {@code file}, each once, and nothing else. */
    public static void assertExactly(Path file, List<String> expected, List<String> problems) {
        assertEquals(new TreeSet<>(expected.stream().map(e -> file + ": " + e).toList()), new TreeSet<>(problems));
        assertEquals(expected.size(), problems.size(), "each mistake once");
    }
}
