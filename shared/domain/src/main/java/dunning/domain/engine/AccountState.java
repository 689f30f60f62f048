package dunning.domain.engine;

import dunning.domain.plan.Plan;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** One account's dunning state: its invoices, unbilled fees, status and the open episode, if any. */
public final class AccountState {
    public final String id;
    public final String currency;
    public final Set<String> tags;
    public final BigDecimal annualRevenue;
    public final int collectionsCases;
    public final Plan plan;
    public final List<InvoiceState> invoices = new ArrayList<>();
    public final List<PaymentPlanState> paymentPlans = new ArrayList<>();
    /** retry day -> invoices whose soft-declined payment asks for a retry that day */
    public final TreeMap<LocalDate, List<String>> retries = new TreeMap<>();
    public final Set<String> remindersSent = new HashSet<>();
    /** decision records by day, for explain */
    public final Map<LocalDate, List<String>> decisions = new LinkedHashMap<>();

    public Plan.Status status = Plan.Status.ACTIVE;
    /** whether the current SUSPENDED/IN_COLLECTIONS/LEGAL status was set by dunning (and is lifted on close) */
    public boolean statusSetByDunning;
    public boolean exempt;
    public BigDecimal unbilledFees = BigDecimal.ZERO;
    public BigDecimal credit = BigDecimal.ZERO;
    public BigDecimal recovered = BigDecimal.ZERO;

    public boolean episodeOpen;
    public int episode;
    public Plan.Path path = Plan.Path.STANDARD;
    public int lastFired = -1;
    public LocalDate lastFiredOn;
    public LocalDate lastFeeOn;
    public int pendingApproval = -1;
    /** set by a payment-plan default: escalate today ignoring waitDays and the next level's days */
    public boolean defaultEscalation;

    public AccountState(String id, String currency, Set<String> tags, BigDecimal annualRevenue, int collectionsCases,
                        boolean exempt, Plan plan) {
        this.id = id;
        this.currency = currency;
        this.tags = Set.copyOf(tags);
        this.annualRevenue = annualRevenue;
        this.collectionsCases = collectionsCases;
        this.exempt = exempt;
        this.plan = plan;
    }

    /** Open invoices + unbilled fees (FORMAT.md's balance); a credit is kept apart, it does not net off. */
    public BigDecimal balance() {
        BigDecimal open = BigDecimal.ZERO;
        for (InvoiceState i : invoices) {
            if (i.status == InvoiceState.Status.OPEN) {
                open = open.add(i.balance);
            }
        }
        return open.add(unbilledFees);
    }

    public void decide(LocalDate day, String record) {
        decisions.computeIfAbsent(day, d -> new ArrayList<>()).add(record);
    }

    /** An invoice of the account, with what dunning needs to know of it. */
    public static final class InvoiceState {
        public enum Status { OPEN, PAID, VOID, WRITTEN_OFF }

        public final String id;
        public final LocalDate issued;
        public final LocalDate due;
        public final BigDecimal amount;
        public BigDecimal balance;
        public Status status = Status.OPEN;
        public boolean disputed;
        public PaymentPlanState plan;

        public InvoiceState(String id, LocalDate issued, LocalDate due, BigDecimal amount) {
            this.id = id;
            this.issued = issued;
            this.due = due;
            this.amount = amount;
            this.balance = amount;
        }

        public boolean openWithBalance() {
            return status == Status.OPEN && balance.signum() > 0;
        }
    }

    /** Invoices moved into installments; they leave dunning while the plan holds. */
    public static final class PaymentPlanState {
        public final LocalDate start;
        public final List<LocalDate> dueDates;
        public final List<BigDecimal> installments;
        public BigDecimal paid = BigDecimal.ZERO;
        public boolean active = true;

        public PaymentPlanState(LocalDate start, List<LocalDate> dueDates, List<BigDecimal> installments) {
            this.start = start;
            this.dueDates = List.copyOf(dueDates);
            this.installments = List.copyOf(installments);
        }
    }
}
