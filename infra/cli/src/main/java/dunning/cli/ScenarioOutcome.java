package dunning.cli;

import java.time.LocalDate;
import java.util.List;
import java.util.SortedMap;

/**
 * What running one scenario file produced, in the CLI's terms.
 *
 * @param problems      problems reading the file (file, field path, cause); when not empty nothing ran
 * @param expected      the {@code expect} entries, described, by day
 * @param actual        the actions carried out, described the same way, by day
 * @param finalMismatch the {@code final} lines that do not hold, described
 */
record ScenarioOutcome(List<String> problems, SortedMap<LocalDate, List<String>> expected,
                       SortedMap<LocalDate, List<String>> actual, List<String> finalMismatch) {

    List<DayByDayDiff.Day> diff() {
        return DayByDayDiff.of(expected, actual);
    }

    boolean passed() {
        return problems.isEmpty() && finalMismatch.isEmpty() && diff().isEmpty();
    }
}
