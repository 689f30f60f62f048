package dunning.domain.account;

import dunning.domain.episode.Episode;
import dunning.domain.plan.Plan;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * What dunning remembers of an account between days (the STATE item): the open episode, the
 * status dunning keeps, money held as credit, retries and payment plans in progress. Immutable
 * and compared with {@code equals}: a day that leaves it (and the invoices) equal changed nothing.
 *
 * @param episodes          how many episodes the account has had (the open one included)
 * @param statusChanges     how many status changes dunning decided: the order every status change carries
 * @param credit            money received and not yet applied (kept for the next invoice)
 * @param earmarked         payments that named an invoice not issued yet: applied to it when it is
 */
public record DunningState(int episodes, Optional<Episode> episode, Plan.Status status, boolean statusSetByDunning,
                           long statusChanges, BigDecimal credit, List<Earmark> earmarked, List<ScheduledRetry> retries,
                           List<PaymentPlan> paymentPlans) {

    /** A payment held for an invoice that does not exist yet on the account's business date. */
    public record Earmark(String invoice, BigDecimal amount, String cause) {}

    /** A retry request due on a day, for a soft-declined payment of an invoice. */
    public record ScheduledRetry(LocalDate on, String invoice, String payment, int attempt) {}

    public DunningState {
        earmarked = List.copyOf(earmarked);
        retries = List.copyOf(retries);
        paymentPlans = List.copyOf(paymentPlans);
    }

    public static DunningState initial(Plan.Status status) {
        return new DunningState(0, Optional.empty(), status, false, 0, BigDecimal.ZERO, List.of(), List.of(), List.of());
    }

    /** Money held for the account: its credit and any earmarked payments. */
    public BigDecimal held() {
        BigDecimal sum = credit;
        for (Earmark e : earmarked) {
            sum = sum.add(e.amount());
        }
        return sum;
    }

    /** The next business date something is due without any outside event: a retry or an installment. */
    public Optional<LocalDate> nextWakeUp() {
        Optional<LocalDate> next = Optional.empty();
        for (ScheduledRetry r : retries) {
            next = earliest(next, r.on());
        }
        for (PaymentPlan p : paymentPlans) {
            for (LocalDate d : p.dueDates()) {
                next = earliest(next, d);
            }
        }
        return next;
    }

    private static Optional<LocalDate> earliest(Optional<LocalDate> a, LocalDate b) {
        return a.isEmpty() || b.isBefore(a.get()) ? Optional.of(b) : a;
    }
}
