package dunning.domain.scenario;

import dunning.domain.engine.Effect;
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
            for (Effect e : system.runDay(day, eventsByDay.getOrDefault(day, List.of()))) {
                describe(e).ifPresent(d -> actual.computeIfAbsent(e.day(), x -> new ArrayList<>()).add(d));
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
            BigDecimal credit = system.credit(f.account());
            f.credit().filter(c -> c.compareTo(credit) != 0).ifPresent(c ->
                    mismatches.add(f.account() + ": credit " + credit.toPlainString() + ", expected " + c.toPlainString()));
        }
        return new Result(expected, actual, mismatches, system);
    }

    /** An effect as an expect entry of FORMAT.md names it: kind is email, fee, status, event, task, retry or approvalRequested. */
    public record Entry(String account, Optional<String> level, String kind, String value) {
        public String line() {
            return ScenarioRunner.describe(account, level, kind, value);
        }
    }

    /** An effect as a scenario's expect line describes it. */
    public static Optional<String> describe(Effect effect) {
        return entry(effect).map(Entry::line);
    }

    /** An effect as a scenario's expect entry names it; a closed episode is no expect entry (FORMAT.md). */
    public static Optional<Entry> entry(Effect effect) {
        return effect.accept(new Effect.Visitor<Optional<Entry>>() {
            public Optional<Entry> sendEmail(Effect.SendEmail e) {
                return line(e, "email", e.template());
            }

            public Optional<Entry> applyFee(Effect.ApplyFee e) {
                return line(e, "fee", e.amount().toPlainString());
            }

            public Optional<Entry> changeStatus(Effect.ChangeStatus e) {
                return line(e, "status", e.to().name());
            }

            public Optional<Entry> publishEvent(Effect.PublishEvent e) {
                return line(e, "event", e.detailType());
            }

            public Optional<Entry> createTask(Effect.CreateTask e) {
                return line(e, "task", e.kind());
            }

            public Optional<Entry> requestRetry(Effect.RequestRetry e) {
                return line(e, "retry", "true");
            }

            public Optional<Entry> requestApproval(Effect.RequestApproval e) {
                return line(e, "approvalRequested", "true");
            }

            public Optional<Entry> closeEpisode(Effect.CloseEpisode e) {
                return Optional.empty();
            }

            private Optional<Entry> line(Effect e, String kind, String value) {
                return Optional.of(new Entry(e.context().account(), e.level(), kind, value));
            }
        });
    }

    /** Amounts compare by value: "1852" and "1852.00" are the same fee. */
    static String describe(String account, Optional<String> level, String kind, String value) {
        String v = kind.equals("fee") ? new BigDecimal(value).stripTrailingZeros().toPlainString() : value;
        return account + level.map(l -> " [" + l + "]").orElse("") + " " + kind + " " + v;
    }
}
