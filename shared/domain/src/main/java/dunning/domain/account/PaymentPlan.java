package dunning.domain.account;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * Invoices moved into installments: they leave dunning while the plan holds. Installment k is due
 * on {@code dueDates[k]}; the plan holds while what was paid to its invoices since it began covers
 * the installments due so far.
 */
public record PaymentPlan(String id, LocalDate start, List<String> invoices, List<LocalDate> dueDates,
                          List<BigDecimal> installments, BigDecimal paid) {
    public PaymentPlan {
        invoices = List.copyOf(invoices);
        dueDates = List.copyOf(dueDates);
        installments = List.copyOf(installments);
    }

    public PaymentPlan withPaid(BigDecimal newPaid) {
        return new PaymentPlan(id, start, invoices, dueDates, installments, newPaid);
    }

    /** What is due by installment {@code k} (0-based), included. */
    public BigDecimal dueThrough(int k) {
        BigDecimal sum = BigDecimal.ZERO;
        for (int j = 0; j <= k; j++) {
            sum = sum.add(installments.get(j));
        }
        return sum;
    }
}
