package dunning.domain.scenario;

import dunning.domain.engine.CarriedOut;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Runs a scenario day by day on a {@link DunningSystem} and compares what it carried out with
 * {@code expect} (as multisets per day: order within a day does not matter) and {@code final}.
 */
public final class ScenarioRunner {
    /** Expected and actual actions described the same way, by day, and the final lines that do not hold. */
    public record Result(SortedMap<LocalDate, List<String>> expected, SortedMap<LocalDate, List<String>> actual,
                         List<String> finalMismatch, DunningSystem system) {
        public boolean passed() {
            return expected.equals(actual) && finalMismatch.isEmpty();
        }
    }

    public Result run(Scenario scenario, DunningSystem system) {
        system.load(scenario);
        Map<LocalDate, List<Scenario.Event>> eventsByDay = new HashMap<>();
        for (Scenario.Event e : scenario.events()) {
            eventsByDay.computeIfAbsent(e.day(), d -> new ArrayList<>()).add(e);
        }
        SortedMap<LocalDate, List<String>> actual = new TreeMap<>();
        for (LocalDate day = scenario.start(); !day.isAfter(scenario.end()); day = day.plusDays(1)) {
            for (CarriedOut c : system.runDay(day, eventsByDay.getOrDefault(day, List.of()))) {
                actual.computeIfAbsent(day, d -> new ArrayList<>()).add(describe(c.account(), c.level(), c.kind(), c.value()));
            }
        }
        SortedMap<LocalDate, List<String>> expected = new TreeMap<>();
        for (Scenario.Expected e : scenario.expect()) {
            expected.computeIfAbsent(e.day(), d -> new ArrayList<>()).add(describe(e.account(), e.level(), e.kind(), e.value()));
        }
        expected.values().forEach(l -> l.sort(null));
        actual.values().forEach(l -> l.sort(null));
        List<String> mismatches = new ArrayList<>();
        for (Scenario.FinalLine f : scenario.finalLines()) {
            String status = system.status(f.account());
            f.status().filter(s -> !s.equals(status)).ifPresent(s ->
                    mismatches.add(f.account() + ": status " + status + ", expected " + s));
            BigDecimal balance = system.balance(f.account());
            f.balance().filter(b -> b.compareTo(balance) != 0).ifPresent(b ->
                    mismatches.add(f.account() + ": balance " + balance.toPlainString() + ", expected " + b.toPlainString()));
        }
        return new Result(expected, actual, mismatches, system);
    }

    /** Amounts compare by value: "1852" and "1852.00" are the same fee. */
    static String describe(String account, Optional<String> level, String kind, String value) {
        String v = kind.equals("fee") ? new BigDecimal(value).stripTrailingZeros().toPlainString() : value;
        return account + level.map(l -> " [" + l + "]").orElse("") + " " + kind + " " + v;
    }
}
