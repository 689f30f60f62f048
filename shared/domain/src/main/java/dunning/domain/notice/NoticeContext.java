package dunning.domain.notice;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a notice may say about an account, in locale-independent values. Formatting for the
 * reader's locale (amounts, dates) happens when the notice is rendered.
 *
 * @param accountId     the billing account's id
 * @param accountName   the name the notice is addressed to
 * @param currency      the account's currency; every amount here is in it
 * @param overdueAmount the account's overdue amount (zero for a notice sent before the due date)
 * @param daysOverdue   the account's days overdue (zero or less before the due date)
 * @param invoices      the invoices the notice is about (the overdue ones, or the upcoming one)
 * @param fee           the fee applied with this notice, if any
 * @param levelName     the dunning level that sent the notice, if a level did
 * @param asOf          the business date of the notice, in the account's time zone
 * @param payLink       the URL where the account can pay
 * @param paymentPlan   payment-plan details, for the payment-plan notices
 * @param failedPayment failed-payment details, for the payment-failed notices
 */
public record NoticeContext(
        String accountId,
        String accountName,
        Currency currency,
        BigDecimal overdueAmount,
        int daysOverdue,
        List<InvoiceLine> invoices,
        Optional<BigDecimal> fee,
        Optional<String> levelName,
        LocalDate asOf,
        String payLink,
        Optional<PaymentPlanDetails> paymentPlan,
        Optional<FailedPayment> failedPayment) {

    public NoticeContext {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(accountName, "accountName");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(overdueAmount, "overdueAmount");
        invoices = List.copyOf(Objects.requireNonNull(invoices, "invoices"));
        Objects.requireNonNull(fee, "fee");
        Objects.requireNonNull(levelName, "levelName");
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(payLink, "payLink");
        Objects.requireNonNull(paymentPlan, "paymentPlan");
        Objects.requireNonNull(failedPayment, "failedPayment");
    }

    /** One invoice as the notice lists it. */
    public record InvoiceLine(String number, LocalDate issueDate, LocalDate dueDate, BigDecimal openBalance) {
        public InvoiceLine {
            Objects.requireNonNull(number, "number");
            Objects.requireNonNull(issueDate, "issueDate");
            Objects.requireNonNull(dueDate, "dueDate");
            Objects.requireNonNull(openBalance, "openBalance");
        }
    }

    /** One installment of a payment plan (numbered from 1). */
    public record Installment(int number, LocalDate dueDate, BigDecimal amount) {
        public Installment {
            if (number < 1) throw new IllegalArgumentException("installment numbers start at 1: " + number);
            Objects.requireNonNull(dueDate, "dueDate");
            Objects.requireNonNull(amount, "amount");
        }
    }

    /**
     * A payment plan: its schedule, and, for a plan that defaulted, the installment that was missed.
     */
    public record PaymentPlanDetails(List<Installment> schedule, Optional<Installment> missed) {
        public PaymentPlanDetails {
            schedule = List.copyOf(Objects.requireNonNull(schedule, "schedule"));
            if (schedule.isEmpty()) throw new IllegalArgumentException("a payment plan has at least one installment");
            Objects.requireNonNull(missed, "missed");
        }

        public PaymentPlanDetails(List<Installment> schedule) {
            this(schedule, Optional.empty());
        }

        public BigDecimal total() {
            return schedule.stream().map(Installment::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }

    /**
     * A failed payment: the processor's decline code and whether it is a hard decline (the
     * payment method must be replaced) or a soft one (the payment will be retried).
     */
    public record FailedPayment(String declineCode, boolean hardDecline) {
        /** The decline codes FORMAT.md names as hard declines. */
        public static final Set<String> HARD_DECLINE_CODES = Set.of(
                "stolen_card", "lost_card", "pickup_card", "do_not_honor", "account_closed", "fraudulent");

        public FailedPayment {
            Objects.requireNonNull(declineCode, "declineCode");
        }

        /** Classifies {@code declineCode} as hard or soft by {@link #HARD_DECLINE_CODES}. */
        public static FailedPayment of(String declineCode) {
            return new FailedPayment(declineCode, HARD_DECLINE_CODES.contains(declineCode));
        }
    }

    public static Builder builder(String accountId, String accountName, Currency currency, LocalDate asOf) {
        return new Builder(accountId, accountName, currency, asOf);
    }

    /** Builds a context; everything not set is zero, empty or absent. */
    public static final class Builder {
        private final String accountId;
        private final String accountName;
        private final Currency currency;
        private final LocalDate asOf;
        private BigDecimal overdueAmount = BigDecimal.ZERO;
        private int daysOverdue;
        private final List<InvoiceLine> invoices = new ArrayList<>();
        private Optional<BigDecimal> fee = Optional.empty();
        private Optional<String> levelName = Optional.empty();
        private String payLink = "";
        private Optional<PaymentPlanDetails> paymentPlan = Optional.empty();
        private Optional<FailedPayment> failedPayment = Optional.empty();

        private Builder(String accountId, String accountName, Currency currency, LocalDate asOf) {
            this.accountId = accountId;
            this.accountName = accountName;
            this.currency = currency;
            this.asOf = asOf;
        }

        public Builder overdue(BigDecimal amount, int days) {
            this.overdueAmount = amount;
            this.daysOverdue = days;
            return this;
        }

        public Builder invoice(String number, LocalDate issueDate, LocalDate dueDate, BigDecimal openBalance) {
            invoices.add(new InvoiceLine(number, issueDate, dueDate, openBalance));
            return this;
        }

        public Builder invoices(List<InvoiceLine> lines) {
            invoices.addAll(lines);
            return this;
        }

        public Builder fee(BigDecimal amount) {
            this.fee = Optional.of(amount);
            return this;
        }

        public Builder level(String name) {
            this.levelName = Optional.of(name);
            return this;
        }

        public Builder payLink(String url) {
            this.payLink = url;
            return this;
        }

        public Builder paymentPlan(PaymentPlanDetails plan) {
            this.paymentPlan = Optional.of(plan);
            return this;
        }

        public Builder failedPayment(FailedPayment failure) {
            this.failedPayment = Optional.of(failure);
            return this;
        }

        public NoticeContext build() {
            return new NoticeContext(accountId, accountName, currency, overdueAmount, daysOverdue, invoices,
                    fee, levelName, asOf, payLink, paymentPlan, failedPayment);
        }
    }
}
