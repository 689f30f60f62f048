package dunning.cli;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The difference between the actions a scenario expects and those it produced, day by day.
 * Within a day, actions are unordered: they are compared as multisets of their descriptions.
 */
final class DayByDayDiff {

    /** One day's difference: what was expected but not produced, and what was produced unexpectedly. */
    record Day(LocalDate day, List<String> missing, List<String> unexpected) {}

    private DayByDayDiff() {}

    static List<Day> of(Map<LocalDate, List<String>> expected, Map<LocalDate, List<String>> actual) {
        TreeSet<LocalDate> days = new TreeSet<>(expected.keySet());
        days.addAll(actual.keySet());
        List<Day> out = new ArrayList<>();
        for (LocalDate day : days) {
            Map<String, Integer> left = counts(expected.getOrDefault(day, List.of()));
            List<String> unexpected = new ArrayList<>();
            for (String action : actual.getOrDefault(day, List.of())) {
                Integer n = left.get(action);
                if (n == null) {
                    unexpected.add(action);
                } else if (n == 1) {
                    left.remove(action);
                } else {
                    left.put(action, n - 1);
                }
            }
            List<String> missing = new ArrayList<>();
            for (String action : expected.getOrDefault(day, List.of())) {
                Integer n = left.get(action);
                if (n != null) {
                    missing.add(action);
                    if (n == 1) left.remove(action); else left.put(action, n - 1);
                }
            }
            if (!missing.isEmpty() || !unexpected.isEmpty()) {
                missing.sort(null);
                unexpected.sort(null);
                out.add(new Day(day, missing, unexpected));
            }
        }
        return out;
    }

    /** Groups {@code (day, description)} pairs by day. */
    static <T> SortedMap<LocalDate, List<String>> byDay(List<T> items, java.util.function.Function<T, LocalDate> day,
            java.util.function.Function<T, String> describe) {
        SortedMap<LocalDate, List<String>> map = new TreeMap<>();
        for (T item : items) map.computeIfAbsent(day.apply(item), d -> new ArrayList<>()).add(describe.apply(item));
        return map;
    }

    /** Prints the difference, one block per day that differs. */
    static void print(List<Day> days, java.io.PrintWriter out, String indent) {
        for (Day d : days) {
            out.println(indent + d.day());
            for (String m : d.missing()) out.println(indent + "  - expected, not done: " + m);
            for (String u : d.unexpected()) out.println(indent + "  + done, not expected: " + u);
        }
    }

    private static Map<String, Integer> counts(List<String> actions) {
        Map<String, Integer> counts = new HashMap<>();
        for (String a : actions) counts.merge(a, 1, Integer::sum);
        return counts;
    }
}
