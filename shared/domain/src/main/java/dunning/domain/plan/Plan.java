package dunning.domain.plan;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A dunning plan as FORMAT.md defines it: per customer path an ordered list of levels, with grace
 * days, a minimum overdue amount per currency, segment rules, a retry schedule and pre-due reminders.
 * Only a plan that passed every check of {@link PlanReader} is ever built.
 */
public record Plan(String id, String name, boolean active, Map<String, BigDecimal> minimumOverdue, int graceDays,
                   CatchUp catchUp, List<Integer> retrySchedule, List<Reminder> reminders, Segments segments,
                   Map<Path, List<Level>> paths, String paymentFailedTemplate, int version) {

    /** A plan as read from its file: version 1 until a publish gives it another. */
    public Plan(String id, String name, boolean active, Map<String, BigDecimal> minimumOverdue, int graceDays,
                CatchUp catchUp, List<Integer> retrySchedule, List<Reminder> reminders, Segments segments,
                Map<Path, List<Level>> paths, String paymentFailedTemplate) {
        this(id, name, active, minimumOverdue, graceDays, catchUp, retrySchedule, reminders, segments, paths,
                paymentFailedTemplate, 1);
    }

    /** The same content as another version of the plan id. */
    public Plan withVersion(int v) {
        return new Plan(id, name, active, minimumOverdue, graceDays, catchUp, retrySchedule, reminders, segments, paths,
                paymentFailedTemplate, v);
    }

    /** Equal content, whatever the version numbers: publishing identical content is not a new version. */
    public boolean sameContentAs(Plan other) {
        return withVersion(1).equals(other.withVersion(1));
    }

    public enum CatchUp { HIGHEST_ONLY, ALL_IN_ORDER }

    public enum Path { STANDARD, VIP, HIGH_RISK }

    public enum Status { ACTIVE, SUSPENDED, IN_COLLECTIONS, LEGAL, WRITTEN_OFF }

    public record Reminder(int daysBeforeDue, String template) {}

    /** VIP: any one of tags / annual revenue; HIGH_RISK: any one of overdue invoices / earlier cases. */
    public record Segments(Set<String> vipTags, Map<String, BigDecimal> vipAnnualRevenueAtLeast,
                           Optional<Integer> highRiskOverdueInvoicesAtLeast, Optional<Integer> highRiskCollectionsCasesAtLeast) {
        public static final Segments NONE = new Segments(Set.of(), Map.of(), Optional.empty(), Optional.empty());
    }

    public record Level(String name, int days, int waitDays, Map<String, BigDecimal> minimumOverdue,
                        boolean requiresApproval, List<Action> actions) {}

    /** What a level does. */
    public sealed interface Action {
        record Email(String template) implements Action {}

        record Fee(FeeSpec spec, Optional<String> service) implements Action {}

        record ChangeStatus(Status status) implements Action {}

        record PublishEvent(String detailType) implements Action {}

        record Task(String kind, Optional<String> note) implements Action {}

        record Retry() implements Action {}
    }

    public sealed interface FeeSpec {
        record Fixed(Map<String, BigDecimal> amounts) implements FeeSpec {}

        record Percent(BigDecimal percent, Map<String, BigDecimal> min, Map<String, BigDecimal> max) implements FeeSpec {}

        record AnnualInterest(BigDecimal percent) implements FeeSpec {}
    }

    /** The path's levels; VIP and HIGH_RISK fall back to STANDARD when the plan has none. */
    public List<Level> levels(Path path) {
        return paths.getOrDefault(path, paths.get(Path.STANDARD));
    }

    /** Every template the plan names: its reminders', its payment-failed notice and its levels' emails, sorted. */
    public Set<String> templateNames() {
        Set<String> names = new java.util.TreeSet<>();
        reminders.forEach(r -> names.add(r.template()));
        names.add(paymentFailedTemplate);
        paths.values().forEach(levels -> levels.forEach(l -> l.actions().forEach(a -> {
            if (a instanceof Action.Email e) {
                names.add(e.template());
            }
        })));
        return names;
    }

    /** The plan's minimum for a currency; an absent currency means 0. */
    public BigDecimal minimumFor(String currency) {
        return minimumOverdue.getOrDefault(currency, BigDecimal.ZERO);
    }
}
