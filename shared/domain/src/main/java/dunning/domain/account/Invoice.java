package dunning.domain.account;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * An invoice as dunning sees it: what was billed, what is still owed, and the few marks dunning
 * keeps on it. Immutable; every change makes a new one, so "did anything change" is {@code equals}.
 *
 * @param creditTaken whether the account's credit has been offered to it (once, on its first business day)
 * @param reminders   the pre-due reminders already sent for it ("daysBeforeDue:template")
 */
public record Invoice(String id, LocalDate issued, LocalDate due, BigDecimal amount, BigDecimal balance, Status status,
                      boolean disputed, boolean creditTaken, Set<String> reminders) {

    public enum Status { OPEN, PAID, VOID, WRITTEN_OFF }

    public Invoice {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(issued, "issued");
        Objects.requireNonNull(due, "due");
        reminders = Set.copyOf(new TreeSet<>(reminders));
    }

    /** A new invoice: open for its whole amount. */
    public static Invoice issued(String id, LocalDate issued, LocalDate due, BigDecimal amount) {
        return new Invoice(id, issued, due, amount, amount, amount.signum() > 0 ? Status.OPEN : Status.PAID, false, false,
                Set.of());
    }

    public boolean openWithBalance() {
        return status == Status.OPEN && balance.signum() > 0;
    }

    /** Only invoices issued by a business date exist on it. */
    public boolean existsOn(LocalDate day) {
        return !issued.isAfter(day);
    }

    public Invoice withBalance(BigDecimal newBalance) {
        Status s = status;
        if (status == Status.OPEN && newBalance.signum() == 0) {
            s = Status.PAID;
        } else if (status == Status.PAID && newBalance.signum() > 0) {
            s = Status.OPEN;
        }
        return new Invoice(id, issued, due, amount, newBalance, s, disputed, creditTaken, reminders);
    }

    public Invoice withStatus(Status newStatus, BigDecimal newBalance) {
        return new Invoice(id, issued, due, amount, newBalance, newStatus, disputed, creditTaken, reminders);
    }

    public Invoice withDisputed(boolean value) {
        return new Invoice(id, issued, due, amount, balance, status, value, creditTaken, reminders);
    }

    public Invoice withCreditTaken() {
        return new Invoice(id, issued, due, amount, balance, status, disputed, true, reminders);
    }

    public Invoice withReminder(String reminder) {
        Set<String> r = new TreeSet<>(reminders);
        r.add(reminder);
        return new Invoice(id, issued, due, amount, balance, status, disputed, creditTaken, r);
    }
}
