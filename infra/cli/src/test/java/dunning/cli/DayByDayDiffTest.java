package dunning.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DayByDayDiffTest {

    private static final LocalDate D1 = LocalDate.of(2026, 1, 2);
    private static final LocalDate D2 = LocalDate.of(2026, 1, 9);

    @Test
    void sameActionsInAnotherOrderDoNotDiffer() {
        assertEquals(List.of(), DayByDayDiff.of(Map.of(D1, List.of("a", "b", "b")), Map.of(D1, List.of("b", "a", "b"))));
    }

    @Test
    void missingAndUnexpectedActionsAreListedPerDayCountingDuplicates() {
        var diff = DayByDayDiff.of(
                Map.of(D1, List.of("a", "b", "b"), D2, List.of("c")),
                Map.of(D1, List.of("b", "x"), D2, List.of("c", "c")));
        assertEquals(List.of(
                new DayByDayDiff.Day(D1, List.of("a", "b"), List.of("x")),
                new DayByDayDiff.Day(D2, List.of(), List.of("c"))), diff);
        StringWriter s = new StringWriter();
        DayByDayDiff.print(diff, new PrintWriter(s, true), "  ");
        assertEquals("""
                  2026-01-02
                    - expected, not done: a
                    - expected, not done: b
                    + done, not expected: x
                  2026-01-09
                    + done, not expected: c
                """, s.toString().replace(System.lineSeparator(), "\n"));
    }
}
