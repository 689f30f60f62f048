package dunning.domain.account;

import java.math.BigDecimal;
import java.util.List;

/**
 * One account as one evaluation sees it: who it is, the plan its AR term names, whether it is
 * exempt ("No Dunning"), its invoices (in the order they were issued), the charges booked but not
 * yet billed, and dunning's own state. An immutable snapshot: the day protocol takes one and gives
 * back the next.
 */
public record Account(Customer customer, String planId, boolean exempt, List<Invoice> invoices, BigDecimal unbilledFees,
                      DunningState state) {

    public Account {
        invoices = List.copyOf(invoices);
    }

    public String id() {
        return customer.id();
    }

    /** FORMAT.md's balance: open invoices plus unbilled fees; a credit is kept apart. */
    public BigDecimal balance() {
        BigDecimal open = BigDecimal.ZERO;
        for (Invoice i : invoices) {
            if (i.status() == Invoice.Status.OPEN) {
                open = open.add(i.balance());
            }
        }
        return open.add(unbilledFees);
    }
}
