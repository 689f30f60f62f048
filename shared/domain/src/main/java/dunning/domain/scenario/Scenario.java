package dunning.domain.scenario;

import dunning.domain.plan.Plan;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A scenario file (FORMAT.md): a portfolio, its plans, day-by-day events, and what must happen. */
public record Scenario(String name, LocalDate start, int days, List<Plan> plans, List<ArTerm> arTerms,
                       List<Account> accounts, List<Invoice> invoices, List<Event> events, List<Expected> expect,
                       List<FinalLine> finalLines) {

    public record ArTerm(String id, int netDays, String plan) {}

    public record Account(String id, String name, String email, String currency, String arTerm, String timezone,
                          String locale, Set<String> tags, BigDecimal annualRevenue, boolean exempt,
                          Map<String, String> externalIds, int collectionsCases) {}

    public record Invoice(String id, String account, LocalDate issued, LocalDate due, BigDecimal amount) {}

    /** Something that happens at the start of a day, before that day's evaluation. */
    public sealed interface Event {
        LocalDate day();

        record Payment(LocalDate day, String account, BigDecimal amount, Optional<String> invoice) implements Event {}

        record PaymentFailed(LocalDate day, String account, String invoice, String declineCode) implements Event {}

        record PaymentPlan(LocalDate day, String account, List<String> invoices, int installments, int everyDays)
                implements Event {}

        record Dispute(LocalDate day, String invoice, boolean open) implements Event {}

        record Approve(LocalDate day, String account, String level) implements Event {}

        record Exempt(LocalDate day, String account, boolean value) implements Event {}

        /** The invoice is VOID from that day: it leaves the balance and dunning; a later payment naming it is a credit. */
        record Void(LocalDate day, String invoice) implements Event {}

        /** Reduces the invoice's balance by the amount, at most its balance; the rest becomes a credit. */
        record CreditNote(LocalDate day, String invoice, BigDecimal amount) implements Event {}

        /** A payment reversed (refund or chargeback): the balance grows back, at most to the invoice's amount. */
        record Refund(LocalDate day, String invoice, BigDecimal amount) implements Event {}

        /** A new version of the plan with that id (the one under {@code plans} is version 1; each publish adds one). */
        record PublishPlan(LocalDate day, Plan plan, boolean applyToOpenEpisodes) implements Event {}
    }

    /** One expected action: kind is email, fee, status, event, task, retry or approvalRequested. */
    public record Expected(LocalDate day, String account, Optional<String> level, String kind, String value) {}

    /** A final line; each value is checked only when given. {@code credit} is money held apart from the balance. */
    public record FinalLine(String account, Optional<String> status, Optional<BigDecimal> balance, Optional<BigDecimal> credit) {}

    public LocalDate end() {
        return start.plusDays(days - 1L);
    }
}
