package dunning.domain.engine;

import dunning.domain.account.Invoice;
import dunning.domain.account.PaymentPlan;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The account's overdue position on a business date (DESIGN §2.1–2.2): the overdue invoices that
 * count (not excluded by a dispute, a payment plan or "No Dunning"), their amount and the days of
 * the oldest; and, for closing an episode, the overdue amount with the paused invoices counted.
 */
record Overdue(List<Invoice> invoices, BigDecimal amount, int days, BigDecimal amountWithPaused, boolean anyWithPaused) {

    static Overdue of(Collection<Invoice> all, LocalDate day, int graceDays, boolean exempt, List<PaymentPlan> plans) {
        List<Invoice> list = new ArrayList<>();
        BigDecimal amount = BigDecimal.ZERO;
        BigDecimal withPaused = BigDecimal.ZERO;
        boolean anyWithPaused = false;
        LocalDate oldest = null;
        for (Invoice inv : all) {
            if (!inv.openWithBalance() || !inv.existsOn(day) || !day.isAfter(inv.due().plusDays(graceDays))) {
                continue;
            }
            anyWithPaused = true;
            withPaused = withPaused.add(inv.balance());
            if (excluded(inv, exempt, plans)) {
                continue;
            }
            list.add(inv);
            amount = amount.add(inv.balance());
            if (oldest == null || inv.due().isBefore(oldest)) {
                oldest = inv.due();
            }
        }
        int days = oldest == null ? 0 : (int) ChronoUnit.DAYS.between(oldest, day);
        return new Overdue(List.copyOf(list), amount, days, withPaused, anyWithPaused);
    }

    /** Excluded from dunning: the account is exempt, the invoice disputed, or in a payment plan that holds. */
    static boolean excluded(Invoice inv, boolean exempt, List<PaymentPlan> plans) {
        if (exempt || inv.disputed()) {
            return true;
        }
        for (PaymentPlan p : plans) {
            if (p.invoices().contains(inv.id())) {
                return true;
            }
        }
        return false;
    }
}
