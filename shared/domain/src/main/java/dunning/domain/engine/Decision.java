package dunning.domain.engine;

import dunning.domain.plan.Plan;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Why an account's day went the way it did (DESIGN §2.9): what the evaluation saw (as-of date, days
 * overdue, overdue amount, path, plan id and version) and a result per level of the path with its
 * reason, plus what the day's events did. "Why did this customer get this letter" is answered by
 * the decision of the day the letter was decided.
 */
public record Decision(String account, LocalDate asOf, List<String> events, Optional<Inputs> inputs, List<LevelResult> levels,
                       List<String> outcome) {

    public Decision {
        events = List.copyOf(events);
        levels = List.copyOf(levels);
        outcome = List.copyOf(outcome);
    }

    /** What the evaluation saw. {@code episode} is the episode it evaluated (none when the account was not in dunning). */
    public record Inputs(int daysOverdue, BigDecimal overdueAmount, String currency, BigDecimal minimum, int overdueInvoices,
                         Optional<Plan.Path> path, String planId, int planVersion, Optional<Integer> episode) {}

    public enum Outcome {
        /** its actions fired today */
        FIRED,
        /** a higher level was due the same day (HIGHEST_ONLY), or it was passed earlier in the episode */
        SKIPPED,
        /** reached, but waitDays of the last level fired, or an approval gate below it, hold it */
        HELD,
        /** reached by days, short of its own minimum overdue amount */
        BELOW_MINIMUM,
        /** reached today; it acts once a person approves it */
        APPROVAL_REQUESTED,
        /** reached earlier and still waiting for its approval */
        AWAITING_APPROVAL,
        /** fired earlier in this episode */
        FIRED_EARLIER,
        /** the account is not overdue long enough for it */
        NOT_REACHED
    }

    public record LevelResult(String level, Outcome outcome, String reason) {}

    /** The decision as lines for a person: the inputs, each level, the events and the outcome. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        inputs.ifPresent(i -> lines.add("as of " + asOf + ": " + i.daysOverdue() + " days overdue, " + i.overdueAmount().toPlainString()
                + " " + i.currency() + " overdue on " + i.overdueInvoices() + " invoice(s), minimum " + i.minimum().toPlainString()
                + "; plan " + i.planId() + " v" + i.planVersion() + i.path().map(p -> ", path " + p).orElse("")
                + i.episode().map(e -> ", episode " + e).orElse("")));
        events.forEach(lines::add);
        for (LevelResult r : levels) {
            lines.add("level " + r.level() + ": " + r.outcome() + " (" + r.reason() + ")");
        }
        outcome.forEach(lines::add);
        return lines;
    }

    /** Collects a day's decision as the day goes. */
    public static final class Builder {
        private final String account;
        private final LocalDate asOf;
        private final List<String> events = new ArrayList<>();
        private Optional<Inputs> inputs = Optional.empty();
        private final List<LevelResult> levels = new ArrayList<>();
        private final List<String> outcome = new ArrayList<>();

        public Builder(String account, LocalDate asOf) {
            this.account = account;
            this.asOf = asOf;
        }

        public void event(String line) {
            events.add(line);
        }

        public void inputs(Inputs i) {
            inputs = Optional.of(i);
        }

        public void level(String level, Outcome outcome, String reason) {
            levels.removeIf(r -> r.level().equals(level));
            levels.add(new LevelResult(level, outcome, reason));
        }

        public void outcome(String line) {
            outcome.add(line);
        }

        /** Puts the level results in the order of the path's levels, as a person reads a plan. */
        public void levelsInOrderOf(List<String> names) {
            levels.sort(java.util.Comparator.comparingInt(r -> {
                int i = names.indexOf(r.level());
                return i < 0 ? Integer.MAX_VALUE : i;
            }));
        }

        public Decision build() {
            return new Decision(account, asOf, events, inputs, levels, outcome);
        }
    }
}
