package dunning.domain.engine;

import dunning.domain.account.Account;
import dunning.domain.account.DunningState;
import dunning.domain.account.DunningState.Earmark;
import dunning.domain.account.DunningState.ScheduledRetry;
import dunning.domain.account.Invoice;
import dunning.domain.account.LedgerEntry;
import dunning.domain.account.PaymentPlan;
import dunning.domain.episode.Episode;
import dunning.domain.money.Currencies;
import dunning.domain.plan.Plan;
import dunning.domain.plan.Plan.Action;
import dunning.domain.plan.Plan.Level;
import dunning.domain.port.PlanCatalog;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One account's business day, the only place dunning's rules run (DESIGN §2, FORMAT.md): invoices
 * that exist from today take the credit held for them; then the day's events in order; then due
 * retry requests and pre-due reminders; then payment-plan installment checks; then the evaluation.
 * It reads an immutable {@link Account} and gives back the next one with the effects, the ledger
 * entries and the {@link Decision}; nothing here knows storage, queues or mail. The in-memory
 * scenario runner, the evaluation function and the property tests all run days through
 * {@link #run}.
 */
public final class AccountDay {
    /** Decline codes that mean "do not retry this card": ask for a new payment method instead. */
    public static final Set<String> HARD_DECLINES = Set.of("stolen_card", "lost_card", "pickup_card", "do_not_honor",
            "account_closed", "fraudulent");

    private static final Comparator<Invoice> OLDEST_FIRST = Comparator.comparing(Invoice::due).thenComparing(Invoice::issued);

    private final Account before;
    private final LocalDate day;
    private final PlanCatalog plans;
    private final String id;
    private final String currency;
    private final Map<String, Invoice> invoices = new LinkedHashMap<>();
    private final List<Effect> effects = new ArrayList<>();
    private final List<LedgerEntry> ledger = new ArrayList<>();
    private final Decision.Builder decision;

    private boolean exempt;
    private BigDecimal unbilledFees;
    private int episodes;
    private Optional<Episode> episode;
    private Plan.Status status;
    private boolean statusSetByDunning;
    private long statusChanges;
    private BigDecimal credit;
    private final List<Earmark> earmarked;
    private final List<ScheduledRetry> retries;
    private final List<PaymentPlan> paymentPlans;
    /** set by a payment-plan default: escalate today, ignoring waitDays and the next level's days */
    private boolean defaulted;

    private AccountDay(Account account, LocalDate day, PlanCatalog plans) {
        this.before = account;
        this.day = day;
        this.plans = plans;
        this.id = account.id();
        this.currency = account.customer().currency();
        account.invoices().forEach(i -> invoices.put(i.id(), i));
        this.decision = new Decision.Builder(id, day);
        DunningState s = account.state();
        this.exempt = account.exempt();
        this.unbilledFees = account.unbilledFees();
        this.episodes = s.episodes();
        this.episode = s.episode();
        this.status = s.status();
        this.statusSetByDunning = s.statusSetByDunning();
        this.statusChanges = s.statusChanges();
        this.credit = s.credit();
        this.earmarked = new ArrayList<>(s.earmarked());
        this.retries = new ArrayList<>(s.retries());
        this.paymentPlans = new ArrayList<>(s.paymentPlans());
    }

    /** Runs the account's day {@code day} (a business date in the account's time zone) with its events, in order. */
    public static DayResult run(Account account, LocalDate day, List<AccountEvent> events, PlanCatalog plans) {
        AccountDay d = new AccountDay(account, day, plans);
        d.moveToAppliedPlanVersion();
        d.invoicesIssuedToday();
        for (AccountEvent e : events) {
            d.apply(e);
        }
        d.retriesAndReminders();
        d.installmentChecks();
        d.evaluate();
        return d.result();
    }

    private DayResult result() {
        DunningState state = new DunningState(episodes, episode, status, statusSetByDunning, statusChanges, credit, earmarked,
                retries, paymentPlans);
        Account after = new Account(before.customer(), before.planId(), exempt, List.copyOf(invoices.values()), unbilledFees,
                state);
        return new DayResult(before, after, effects, ledger, decision.build(), wakeUp(state));
    }

    /** The next day something is due without an outside event: a retry, an installment, a held payment's invoice. */
    private Optional<LocalDate> wakeUp(DunningState state) {
        Optional<LocalDate> next = Optional.empty();
        for (ScheduledRetry r : state.retries()) {
            next = earliestAfterToday(next, r.on());
        }
        for (PaymentPlan p : state.paymentPlans()) {
            for (LocalDate d : p.dueDates()) {
                next = earliestAfterToday(next, d);
            }
        }
        for (Earmark e : state.earmarked()) {
            Invoice inv = invoices.get(e.invoice());
            if (inv != null) {
                next = earliestAfterToday(next, inv.issued());
            }
        }
        return next;
    }

    private Optional<LocalDate> earliestAfterToday(Optional<LocalDate> current, LocalDate candidate) {
        if (!candidate.isAfter(day)) {
            return current;
        }
        return current.isEmpty() || candidate.isBefore(current.get()) ? Optional.of(candidate) : current;
    }

    // ---- invoices that exist from today ----------------------------------------------------------

    /**
     * An invoice exists from its issue date in the account's zone (a bill run at 02:00 UTC issues
     * tomorrow's invoices for accounts west of UTC ahead of their day). On its first day it takes
     * the payments held for it, then the account's credit: a credit goes to the next invoice.
     */
    private void invoicesIssuedToday() {
        for (Invoice inv : List.copyOf(invoices.values())) {
            if (!inv.existsOn(day) || inv.creditTaken()) {
                continue;
            }
            Invoice current = inv.withCreditTaken();
            invoices.put(current.id(), current);
            for (Earmark e : List.copyOf(earmarked)) {
                if (e.invoice().equals(inv.id())) {
                    earmarked.remove(e);
                    BigDecimal left = applyTo(inv.id(), e.amount(), e.cause());
                    keepAsCredit(left, e.cause(), "the rest of a payment held for " + inv.id());
                }
            }
            if (credit.signum() > 0 && invoices.get(inv.id()).openWithBalance()) {
                Invoice open = invoices.get(inv.id());
                BigDecimal applied = credit.min(open.balance());
                credit = credit.subtract(applied);
                setBalance(open, open.balance().subtract(applied));
                book("credit-applied#" + inv.id(), LedgerEntry.Kind.CREDIT_APPLIED, Optional.of(inv.id()), applied.negate(),
                        currency, "credit held for the next invoice");
                decision.event("credit " + applied.toPlainString() + " " + currency + " applied to new invoice " + inv.id());
            }
        }
    }

    // ---- events ----------------------------------------------------------------------------------

    private void apply(AccountEvent e) {
        e.accept(rules);
    }

    /** Each kind of event to its rule; a new kind is a compile error here. One per day, not one per event. */
    private final AccountEvent.Visitor<Void> rules = new AccountEvent.Visitor<>() {
        @Override
        public Void paymentReceived(AccountEvent.PaymentReceived p) {
            pay(p);
            return null;
        }

        @Override
        public Void paymentFailed(AccountEvent.PaymentFailed f) {
            AccountDay.this.paymentFailed(f);
            return null;
        }

        @Override
        public Void paymentActionRequired(AccountEvent.PaymentActionRequired r) {
            actionRequired(r);
            return null;
        }

        @Override
        public Void paymentRefunded(AccountEvent.PaymentRefunded r) {
            refund(r);
            return null;
        }

        @Override
        public Void invoiceVoided(AccountEvent.InvoiceVoided v) {
            voidInvoice(v);
            return null;
        }

        @Override
        public Void invoiceWrittenOff(AccountEvent.InvoiceWrittenOff w) {
            writeOffInvoice(w);
            return null;
        }

        @Override
        public Void creditNoteIssued(AccountEvent.CreditNoteIssued c) {
            creditNote(c);
            return null;
        }

        @Override
        public Void disputeChanged(AccountEvent.DisputeChanged d) {
            dispute(d);
            return null;
        }

        @Override
        public Void paymentPlanAgreed(AccountEvent.PaymentPlanAgreed p) {
            paymentPlan(p);
            return null;
        }

        @Override
        public Void levelApproved(AccountEvent.LevelApproved a) {
            approve(a);
            return null;
        }

        @Override
        public Void exemptionChanged(AccountEvent.ExemptionChanged x) {
            exempt = x.exempt();
            decision.event(x.exempt() ? "No Dunning set: nothing acts on this account" : "No Dunning lifted");
            return null;
        }
    };

    private void pay(AccountEvent.PaymentReceived p) {
        String amount = p.amount().toPlainString() + " " + p.currency();
        if (!p.currency().equals(currency)) {
            rejectOtherCurrency("payment", p.id(), p.invoice(), p.amount(), p.currency());
            return;
        }
        if (status == Plan.Status.WRITTEN_OFF) {
            recovery(p.id(), p.amount(), p.invoice(), "on a written-off account");
            return;
        }
        BigDecimal left = p.amount();
        if (p.invoice().isPresent()) {
            String invoiceId = p.invoice().get();
            Invoice inv = invoices.get(invoiceId);
            if (inv == null || !inv.existsOn(day)) {
                earmarked.add(new Earmark(invoiceId, p.amount(), p.id()));
                book(p.id() + "#held", LedgerEntry.Kind.CREDIT, Optional.of(invoiceId), p.amount().negate(), currency,
                        "payment " + p.id() + " for invoice " + invoiceId + ", not issued yet: held for it");
                decision.event("payment " + p.id() + " of " + amount + " for " + invoiceId + " held: the invoice is not issued yet");
                return;
            }
            if (inv.status() == Invoice.Status.WRITTEN_OFF) {
                recovery(p.id(), p.amount(), p.invoice(), "on written-off invoice " + invoiceId);
                return;
            }
            left = applyTo(invoiceId, left, p.id());
        } else {
            List<Invoice> open = new ArrayList<>();
            for (Invoice i : invoices.values()) {
                if (i.openWithBalance() && i.existsOn(day)) {
                    open.add(i);
                }
            }
            open.sort(OLDEST_FIRST);
            for (Invoice i : open) {
                if (left.signum() == 0) {
                    break;
                }
                left = applyTo(i.id(), left, p.id());
            }
        }
        decision.event("payment " + p.id() + " of " + amount + p.invoice().map(i -> " to " + i).orElse(" (oldest first)")
                + " applied" + (left.signum() > 0 ? ", " + left.toPlainString() + " kept as credit" : ""));
        keepAsCredit(left, p.id(), "overpayment");
    }

    /**
     * Money in another currency than the account's is never applied (converting it needs a rate the
     * contract does not name): booked as PAYMENT_REJECTED in the currency it came in, with the reason,
     * for a person to return or convert.
     */
    private void rejectOtherCurrency(String what, String cause, Optional<String> invoice, BigDecimal amount, String in) {
        book(cause + "#rejected", LedgerEntry.Kind.PAYMENT_REJECTED, invoice, amount, in,
                what + " " + cause + " in " + in + ", the account is in " + currency);
        decision.event(what + " " + cause + " of " + amount.toPlainString() + " " + in + " rejected: the account is in " + currency);
    }

    private void recovery(String cause, BigDecimal amount, Optional<String> invoice, String where) {
        book(cause + "#recovery", LedgerEntry.Kind.RECOVERY, invoice, amount.negate(), currency, "payment " + cause + " " + where);
        decision.event("payment " + cause + " of " + amount.toPlainString() + " " + where + ": booked as a recovery, balances unchanged");
    }

    private void keepAsCredit(BigDecimal amount, String cause, String why) {
        if (amount.signum() > 0) {
            credit = credit.add(amount);
            book(cause + "#credit", LedgerEntry.Kind.CREDIT, Optional.empty(), amount.negate(), currency, why + " of " + cause);
        }
    }

    /** Pays what it can of an open invoice; returns what is left of {@code amount}. */
    private BigDecimal applyTo(String invoiceId, BigDecimal amount, String cause) {
        Invoice inv = invoices.get(invoiceId);
        if (inv == null || !inv.openWithBalance() || amount.signum() == 0) {
            return amount;
        }
        BigDecimal applied = amount.min(inv.balance());
        setBalance(inv, inv.balance().subtract(applied));
        countForPaymentPlan(invoiceId, applied);
        book(cause + "#paid#" + invoiceId, LedgerEntry.Kind.PAYMENT, Optional.of(invoiceId), applied.negate(), currency,
                "payment " + cause);
        return amount.subtract(applied);
    }

    private void setBalance(Invoice inv, BigDecimal balance) {
        invoices.put(inv.id(), inv.withBalance(balance));
    }

    private void countForPaymentPlan(String invoiceId, BigDecimal amount) {
        for (int k = 0; k < paymentPlans.size(); k++) {
            PaymentPlan plan = paymentPlans.get(k);
            if (plan.invoices().contains(invoiceId)) {
                paymentPlans.set(k, plan.withPaid(plan.paid().add(amount).max(BigDecimal.ZERO)));
            }
        }
    }

    private void paymentFailed(AccountEvent.PaymentFailed f) {
        Plan current = plans.current(before.planId());
        if (!current.active()) {
            decision.event("payment " + f.id() + " failed; plan " + current.id() + " is inactive: nothing acts");
            return;
        }
        Invoice inv = invoices.get(f.invoice());
        if (inv == null || !inv.openWithBalance()) {
            decision.event("payment " + f.id() + " of " + f.invoice() + " failed (" + f.declineCode() + "), ignored: "
                    + (inv == null ? "no such invoice" : "the invoice is no longer open"));
            return;
        }
        effects.add(new Effect.SendEmail(id + "#payment-failed#" + f.id(), context(Optional.empty(), current),
                current.paymentFailedTemplate(), Effect.Purpose.PAYMENT_FAILED, Optional.of(f.invoice()), Optional.of(f.declineCode())));
        boolean hard = HARD_DECLINES.contains(f.declineCode());
        if (!hard && !f.retriedByProcessor()) {
            List<Integer> schedule = current.retrySchedule();
            for (int k = 0; k < schedule.size(); k++) {
                retries.add(new ScheduledRetry(day.plusDays(schedule.get(k)), f.invoice(), f.id(), k + 1));
            }
        }
        decision.event("payment " + f.id() + " of " + f.invoice() + " failed (" + f.declineCode() + ", "
                + (hard ? "hard decline: ask for a new payment method, no retry"
                : f.retriedByProcessor() ? "the payment processor retries it itself: no retry requests of ours"
                : "soft decline: retries on days " + current.retrySchedule()) + ")");
    }

    private void actionRequired(AccountEvent.PaymentActionRequired r) {
        Plan current = plans.current(before.planId());
        Invoice inv = invoices.get(r.invoice());
        if (!current.active() || inv == null || !inv.openWithBalance()) {
            decision.event("payment " + r.id() + " of " + r.invoice() + " needs the customer's action; no notice: "
                    + (!current.active() ? "the plan is inactive" : inv == null ? "no such invoice" : "the invoice is no longer open"));
            return;
        }
        effects.add(new Effect.SendEmail(id + "#action-required#" + r.id(), context(Optional.empty(), current),
                "payment-action-required", Effect.Purpose.PAYMENT_ACTION_REQUIRED, Optional.of(r.invoice())));
        decision.event("payment " + r.id() + " of " + r.invoice() + " needs the customer to authenticate: notice, no retry");
    }

    private void refund(AccountEvent.PaymentRefunded r) {
        if (!r.currency().equals(currency)) {
            rejectOtherCurrency("refund", r.id(), Optional.of(r.invoice()), r.amount(), r.currency());
            return;
        }
        if (status == Plan.Status.WRITTEN_OFF) {
            decision.event("refund " + r.id() + " on a written-off account: nothing changes");
            return;
        }
        Invoice inv = invoices.get(r.invoice());
        BigDecimal restored = BigDecimal.ZERO;
        if (inv != null && (inv.status() == Invoice.Status.OPEN || inv.status() == Invoice.Status.PAID)) {
            restored = r.amount().min(inv.amount().subtract(inv.balance())).max(BigDecimal.ZERO);
            if (restored.signum() > 0) {
                setBalance(inv, inv.balance().add(restored));
                countForPaymentPlan(inv.id(), restored.negate());
                book(r.id() + "#refund", LedgerEntry.Kind.REFUND, Optional.of(inv.id()), restored, currency,
                        "payment reversed (refund or chargeback) " + r.id());
            }
        }
        BigDecimal fromCredit = r.amount().subtract(restored).min(credit);
        if (fromCredit.signum() > 0) {
            credit = credit.subtract(fromCredit);
            book(r.id() + "#refund-credit", LedgerEntry.Kind.CREDIT, Optional.empty(), fromCredit, currency,
                    "refund " + r.id() + " paid out of the account's credit");
        }
        decision.event("refund " + r.id() + " of " + r.amount().toPlainString() + " on " + r.invoice() + ": "
                + restored.toPlainString() + " owed again" + (fromCredit.signum() > 0 ? ", " + fromCredit.toPlainString()
                + " taken from the credit" : ""));
    }

    private void voidInvoice(AccountEvent.InvoiceVoided v) {
        Invoice inv = invoices.get(v.invoice());
        if (inv == null || inv.status() == Invoice.Status.VOID || inv.status() == Invoice.Status.WRITTEN_OFF) {
            decision.event("void of " + v.invoice() + " ignored: " + (inv == null ? "no such invoice" : "it is " + inv.status()));
            return;
        }
        invoices.put(inv.id(), inv.withStatus(Invoice.Status.VOID, zero()));
        if (inv.balance().signum() > 0) {
            book(v.id() + "#void", LedgerEntry.Kind.VOID, Optional.of(inv.id()), inv.balance().negate(), currency,
                    "invoice voided " + v.id());
        }
        decision.event("invoice " + inv.id() + " voided: " + inv.balance().toPlainString() + " leaves the balance");
    }

    /** An invoice the billing system wrote off (Stripe's uncollectible): its balance leaves as a WRITE_OFF. */
    private void writeOffInvoice(AccountEvent.InvoiceWrittenOff w) {
        Invoice inv = invoices.get(w.invoice());
        if (inv == null || !inv.openWithBalance()) {
            decision.event("write-off of " + w.invoice() + " ignored: " + (inv == null ? "no such invoice"
                    : "it is " + inv.status() + " with balance " + inv.balance().toPlainString()));
            return;
        }
        book(w.id() + "#write-off", LedgerEntry.Kind.WRITE_OFF, Optional.of(inv.id()), inv.balance().negate(), currency,
                "invoice written off by the billing system " + w.id());
        invoices.put(inv.id(), inv.withStatus(Invoice.Status.WRITTEN_OFF, zero()));
        decision.event("invoice " + inv.id() + " written off by the billing system: " + inv.balance().toPlainString() + " "
                + currency + " leaves the open balance; a later payment of it is a recovery");
    }

    private void creditNote(AccountEvent.CreditNoteIssued c) {
        if (!c.currency().equals(currency)) {
            rejectOtherCurrency("credit note", c.id(), Optional.of(c.invoice()), c.amount(), c.currency());
            return;
        }
        if (status == Plan.Status.WRITTEN_OFF) {
            decision.event("credit note " + c.id() + " on a written-off account: nothing is owed, nothing changes");
            return;
        }
        Invoice inv = invoices.get(c.invoice());
        if (inv == null || !inv.existsOn(day)) {
            earmarked.add(new Earmark(c.invoice(), c.amount(), c.id()));
            book(c.id() + "#held", LedgerEntry.Kind.CREDIT, Optional.of(c.invoice()), c.amount().negate(), currency,
                    "credit note " + c.id() + " for invoice " + c.invoice() + ", not issued yet: held for it");
            decision.event("credit note " + c.id() + " for " + c.invoice() + " held: the invoice is not issued yet");
            return;
        }
        BigDecimal applied = BigDecimal.ZERO;
        if (inv.openWithBalance()) {
            applied = c.amount().min(inv.balance());
            setBalance(inv, inv.balance().subtract(applied));
            countForPaymentPlan(inv.id(), applied);
            book(c.id() + "#credit-note", LedgerEntry.Kind.CREDIT_NOTE, Optional.of(inv.id()), applied.negate(), currency,
                    "credit note " + c.id());
        }
        BigDecimal rest = c.amount().subtract(applied);
        decision.event("credit note " + c.id() + " of " + c.amount().toPlainString() + " on " + inv.id() + ": "
                + applied.toPlainString() + " off its balance" + (rest.signum() > 0 ? ", " + rest.toPlainString() + " kept as credit" : ""));
        keepAsCredit(rest, c.id(), "the rest of a credit note");
    }

    private void dispute(AccountEvent.DisputeChanged d) {
        Invoice inv = invoices.get(d.invoice());
        if (inv == null) {
            decision.event("dispute on " + d.invoice() + " ignored: no such invoice");
            return;
        }
        invoices.put(inv.id(), inv.withDisputed(d.open()));
        decision.event("dispute on " + d.invoice() + (d.open() ? " opened: the invoice is excluded" : " closed"));
    }

    private void paymentPlan(AccountEvent.PaymentPlanAgreed p) {
        BigDecimal total = BigDecimal.ZERO;
        List<String> ids = new ArrayList<>();
        for (String invoiceId : p.invoices()) {
            Invoice inv = invoices.get(invoiceId);
            if (inv == null || ids.contains(invoiceId)) {
                decision.event("payment plan " + p.id() + ": invoice " + invoiceId + " left out (" + (inv == null ? "no such invoice"
                        : "listed twice") + ")");
                continue;
            }
            ids.add(invoiceId);
            total = total.add(inv.openWithBalance() ? inv.balance() : BigDecimal.ZERO);
        }
        if (ids.isEmpty() || p.installments() < 1) {
            decision.event("payment plan " + p.id() + " ignored: no invoice of this account in it");
            return;
        }
        int scale = Currencies.scale(currency);
        int n = p.installments();
        BigDecimal part = total.divide(BigDecimal.valueOf(n), scale, RoundingMode.DOWN);
        List<BigDecimal> parts = new ArrayList<>();
        List<LocalDate> dates = new ArrayList<>();
        for (int k = 1; k <= n; k++) {
            parts.add(k < n ? part : total.subtract(part.multiply(BigDecimal.valueOf(n - 1L))));
            dates.add(day.plusDays((long) k * p.everyDays()));
        }
        paymentPlans.add(new PaymentPlan(p.id(), day, ids, dates, parts, BigDecimal.ZERO));
        decision.event("payment plan " + p.id() + ": " + ids + " in " + n + " installments " + parts + " due " + dates);
    }

    private void approve(AccountEvent.LevelApproved a) {
        if (episode.isEmpty() || episode.get().pendingApproval().filter(a.level()::equals).isEmpty()) {
            decision.event("approval of " + a.level() + " ignored: no such level is waiting for approval");
            return;
        }
        Episode ep = episode.get();
        Plan governing = plans.version(ep.planId(), ep.planVersion());
        List<Level> levels = governing.levels(ep.path());
        episode = Optional.of(ep.awaiting(Optional.empty()));
        for (int i = 0; i < levels.size(); i++) {
            if (levels.get(i).name().equals(a.level())) {
                Overdue o = Overdue.of(invoices.values(), day, governing.graceDays(), exempt, paymentPlans);
                decision.event("level " + a.level() + " approved: FIRED");
                decision.level(a.level(), Decision.Outcome.FIRED, "approved today");
                carryOut(governing, levels.get(i), o);
                return;
            }
        }
    }

    /** An open episode moves to the newest version of its plan published to apply to open episodes (FORMAT.md publishPlan). */
    private void moveToAppliedPlanVersion() {
        if (episode.isEmpty()) {
            return;
        }
        Optional<Plan> applied = plans.appliedToOpenEpisodesAfter(episode.get().planId(), episode.get().planVersion());
        if (applied.isEmpty()) {
            return;
        }
        Plan v = applied.get();
        Episode moved = episode.get().movedTo(v);
        episode = Optional.of(moved);
        decision.event("episode " + moved.number() + " moves to plan " + v.id() + " v" + v.version() + ": last fired level "
                + moved.lastFired().map(Episode.FiredLevel::name).orElse("none") + ", path " + moved.path() + " kept");
    }

    // ---- start of day ----------------------------------------------------------------------------

    /** Retry requests due today (or missed since) and pre-due reminders, both by the plan's current version. */
    private void retriesAndReminders() {
        Plan current = plans.current(before.planId());
        if (!current.active()) {
            return;
        }
        for (ScheduledRetry r : List.copyOf(retries)) {
            if (r.on().isAfter(day)) {
                continue;
            }
            retries.remove(r);
            Invoice inv = invoices.get(r.invoice());
            if (inv != null && inv.openWithBalance()) {
                effects.add(new Effect.RequestRetry(id + "#retry#" + r.payment() + "#" + r.attempt(), context(Optional.empty(), current),
                        Optional.of(r.invoice()), Optional.of(r.payment()), r.attempt()));
            } else {
                decision.event("retry " + r.attempt() + " of " + r.invoice() + " not requested: the invoice is no longer open");
            }
        }
        for (Plan.Reminder reminder : current.reminders()) {
            String mark = reminder.daysBeforeDue() + ":" + reminder.template();
            for (Invoice inv : List.copyOf(invoices.values())) {
                if (!inv.due().minusDays(reminder.daysBeforeDue()).equals(day) || !inv.existsOn(day)) {
                    continue;
                }
                if (!inv.openWithBalance() || excluded(inv) || inv.reminders().contains(mark)) {
                    continue;
                }
                invoices.put(inv.id(), inv.withReminder(mark));
                effects.add(new Effect.SendEmail(id + "#reminder#" + inv.id() + "#" + mark, context(Optional.empty(), current),
                        reminder.template(), Effect.Purpose.REMINDER, Optional.of(inv.id())));
            }
        }
    }

    /** A plan short of what is due by one of its installment dates defaults, and the account escalates today. */
    private void installmentChecks() {
        for (PaymentPlan plan : List.copyOf(paymentPlans)) {
            for (int k = 0; k < plan.dueDates().size(); k++) {
                if (!plan.dueDates().get(k).equals(day)) {
                    continue;
                }
                BigDecimal dueSoFar = plan.dueThrough(k);
                if (plan.paid().compareTo(dueSoFar) < 0) {
                    paymentPlans.remove(plan);
                    defaulted = true;
                    decision.event("payment plan " + plan.id() + " defaulted: paid " + plan.paid().toPlainString() + " of "
                            + dueSoFar.toPlainString() + " due by installment " + (k + 1)
                            + "; its invoices are back in dunning and the account escalates today");
                } else if (k == plan.dueDates().size() - 1) {
                    paymentPlans.remove(plan);
                    decision.event("payment plan " + plan.id() + " completed");
                }
            }
        }
    }

    // ---- evaluation ------------------------------------------------------------------------------

    private boolean excluded(Invoice inv) {
        return Overdue.excluded(inv, exempt, paymentPlans);
    }

    /** Closes, opens or escalates the account's episode as of the day (DESIGN §2). */
    private void evaluate() {
        Plan current = plans.current(before.planId());
        if (!current.active()) {
            decision.outcome("plan " + current.id() + " is inactive: nothing acts");
            return;
        }
        if (status == Plan.Status.WRITTEN_OFF) {
            decision.outcome("the account is written off: dunning is over for it");
            return;
        }
        Plan governing = episode.map(e -> plans.version(e.planId(), e.planVersion())).orElse(current);
        Overdue o = Overdue.of(invoices.values(), day, governing.graceDays(), exempt, paymentPlans);
        BigDecimal minimum = governing.minimumFor(currency);
        // nothing overdue is 0.00 in the currency's exponent, as every other amount of the record
        BigDecimal overdue = o.invoices().isEmpty() ? zero() : o.amount();
        decision.inputs(new Decision.Inputs(o.days(), overdue, currency, minimum, o.invoices().size(),
                episode.map(Episode::path), governing.id(), governing.version(), episode.map(Episode::number)));
        if (episode.isPresent() && (!o.anyWithPaused() || o.amountWithPaused().compareTo(minimum) < 0)) {
            closeEpisode(governing, o);
            return;
        }
        if (o.invoices().isEmpty() || o.amount().compareTo(minimum) < 0) {
            if (!o.invoices().isEmpty()) {
                decision.outcome("overdue " + o.amount().toPlainString() + " is below the plan minimum " + minimum.toPlainString()
                        + ": not in dunning");
            }
            return;
        }
        if (episode.isEmpty()) {
            episodes++;
            Plan.Path path = choosePath(current, o);
            episode = Optional.of(Episode.open(episodes, day, path, current));
            governing = current;
            decision.inputs(new Decision.Inputs(o.days(), o.amount(), currency, minimum, o.invoices().size(), Optional.of(path),
                    current.id(), current.version(), Optional.of(episodes)));
            decision.outcome("episode " + episodes + " opens on path " + path + " with plan " + current.id() + " v" + current.version());
        }
        escalate(governing, o);
        decision.levelsInOrderOf(governing.levels(episode.orElseThrow().path()).stream().map(Level::name).toList());
    }

    private void escalate(Plan plan, Overdue o) {
        Episode ep = episode.orElseThrow();
        List<Level> levels = plan.levels(ep.path());
        int last = ep.lastFiredIndex(levels);
        boolean wasDefaulted = defaulted;
        defaulted = false;
        if (ep.pendingApproval().isPresent()) {
            String pending = ep.pendingApproval().get();
            for (Level level : levels) {
                if (level.name().equals(pending)) {
                    decision.level(level.name(), Decision.Outcome.AWAITING_APPROVAL, "reached earlier, waits for a person's approval");
                } else if (!describeEarlier(ep, level) && isAbove(levels, level, pending)) {
                    decision.level(level.name(), Decision.Outcome.HELD, "level " + pending + " below it waits for approval");
                }
            }
            return;
        }
        int target = -1;
        for (int i = 0; i < levels.size(); i++) {
            if (levels.get(i).days() <= o.days() && minimumMet(levels.get(i), o.amount())) {
                target = i;
            }
        }
        if (wasDefaulted) {
            int next = last + 1;
            if (next < levels.size() && minimumMet(levels.get(next), o.amount())) {
                target = Math.max(target, next);
            }
        }
        for (int i = 0; i < levels.size(); i++) {
            Level level = levels.get(i);
            if (i <= last || ep.hasFired(level.name())) {
                if (!describeEarlier(ep, level)) {
                    decision.level(level.name(), Decision.Outcome.SKIPPED, "passed earlier in this episode");
                }
            } else if (i > target) {
                if (level.days() > o.days()) {
                    decision.level(level.name(), Decision.Outcome.NOT_REACHED, "reached at " + level.days() + " days, the account is "
                            + o.days() + " days overdue");
                } else {
                    decision.level(level.name(), Decision.Outcome.BELOW_MINIMUM, "needs " + level.minimumOverdue().get(currency)
                            .toPlainString() + " " + currency + " overdue, the account has " + o.amount().toPlainString());
                }
            }
        }
        if (target <= last) {
            return;
        }
        if (!wasDefaulted && last >= 0) {
            Level lastLevel = levels.get(last);
            long since = ChronoUnit.DAYS.between(ep.lastFired().orElseThrow().on(), day);
            if (since < lastLevel.waitDays()) {
                for (int i = last + 1; i <= target; i++) {
                    if (!ep.hasFired(levels.get(i).name())) {
                        decision.level(levels.get(i).name(), i == target ? Decision.Outcome.HELD : Decision.Outcome.SKIPPED,
                                i == target ? lastLevel.name() + " fired " + since + " days ago, waitDays " + lastLevel.waitDays()
                                        : "below the target " + levels.get(target).name());
                    }
                }
                return;
            }
        }
        if (wasDefaulted) {
            decision.outcome("payment-plan default: escalates to " + levels.get(target).name() + " today");
        }
        for (int i = last + 1; i <= target; i++) {
            Level level = levels.get(i);
            if (ep.hasFired(level.name())) {
                continue;
            }
            boolean inOrder = plan.catchUp() == Plan.CatchUp.ALL_IN_ORDER;
            if (i != target && !(inOrder && minimumMet(level, o.amount()))) {
                decision.level(level.name(), inOrder ? Decision.Outcome.BELOW_MINIMUM : Decision.Outcome.SKIPPED,
                        inOrder ? "its own minimum is not met" : "a higher level is due (catchUp HIGHEST_ONLY)");
                continue;
            }
            if (level.requiresApproval()) {
                episode = Optional.of(episode.orElseThrow().awaiting(Optional.of(level.name())));
                effects.add(new Effect.RequestApproval(key(level, "approval"), context(Optional.of(level.name()), plan, o)));
                decision.level(level.name(), Decision.Outcome.APPROVAL_REQUESTED, "reached today; it acts once approved");
                for (int j = i + 1; j < levels.size(); j++) {
                    if (j <= target) {
                        decision.level(levels.get(j).name(), Decision.Outcome.HELD, "level " + level.name() + " waits for approval");
                    }
                }
                return;
            }
            decision.level(level.name(), Decision.Outcome.FIRED, i == target ? "the highest level reached"
                    : "catchUp ALL_IN_ORDER fires the levels in between");
            carryOut(plan, level, o);
        }
    }

    /** Describes a level that fired earlier in the episode; false if it did not. */
    private boolean describeEarlier(Episode ep, Level level) {
        for (Episode.FiredLevel f : ep.fired()) {
            if (f.name().equals(level.name())) {
                decision.level(level.name(), Decision.Outcome.FIRED_EARLIER, "fired on " + f.on());
                return true;
            }
        }
        return false;
    }

    private static boolean isAbove(List<Level> levels, Level level, String name) {
        int a = levels.indexOf(level);
        for (int i = 0; i < a; i++) {
            if (levels.get(i).name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** A level's actions, once: each becomes an effect; fees book onto the account at once; status changes apply. */
    private void carryOut(Plan plan, Level level, Overdue o) {
        Episode ep = episode.orElseThrow();
        Optional<LocalDate> previousFee = ep.lastFeeOn();
        ep = ep.fire(level.name(), day);
        episode = Optional.of(ep);
        Effect.Context ctx = context(Optional.of(level.name()), plan, o);
        BigDecimal fees = BigDecimal.ZERO;
        List<Action> actions = level.actions();
        for (int n = 0; n < actions.size(); n++) {
            Action action = actions.get(n);
            String key = key(level, String.valueOf(n));
            if (action instanceof Action.Email email) {
                effects.add(new Effect.SendEmail(key, ctx, email.template(), Effect.Purpose.LEVEL, Optional.empty()));
            } else if (action instanceof Action.Fee fee) {
                BigDecimal amount = Fees.amount(fee.spec(), currency, day, o.invoices(), o.amount(), previousFee);
                if (amount.signum() <= 0) {
                    decision.outcome("level " + level.name() + ": its fee comes to " + amount.toPlainString() + " " + currency
                            + ", nothing is charged");
                    continue;
                }
                fees = fees.add(amount);
                unbilledFees = unbilledFees.add(amount);
                effects.add(new Effect.ApplyFee(key, ctx, amount, fee.service().orElse("late fee")));
            } else if (action instanceof Action.ChangeStatus change) {
                setStatus(key, ctx, change.status(), "dunning level " + level.name());
            } else if (action instanceof Action.PublishEvent event) {
                effects.add(new Effect.PublishEvent(key, ctx, event.detailType()));
            } else if (action instanceof Action.Task task) {
                effects.add(new Effect.CreateTask(key, ctx, task.kind(), task.note()));
            } else if (action instanceof Action.Retry) {
                effects.add(new Effect.RequestRetry(key, ctx, Optional.empty(), Optional.empty(), 1));
            }
        }
        if (fees.signum() > 0) {
            episode = Optional.of(episode.orElseThrow().charged(fees, day));
        }
    }

    /**
     * Sets the account's status; WRITTEN_OFF also writes off every open invoice, booking each in the
     * ledger with its amount and reason. This is the only place a write-off is decided and booked.
     */
    private void setStatus(String key, Effect.Context ctx, Plan.Status to, String reason) {
        Plan.Status from = status;
        status = to;
        statusSetByDunning = to != Plan.Status.ACTIVE;
        statusChanges++;
        effects.add(new Effect.ChangeStatus(key, ctx, from, to, statusChanges, reason));
        if (to == Plan.Status.WRITTEN_OFF) {
            for (Invoice inv : List.copyOf(invoices.values())) {
                if (inv.openWithBalance() && inv.existsOn(day)) {
                    book(key + "#write-off#" + inv.id(), LedgerEntry.Kind.WRITE_OFF, Optional.of(inv.id()), inv.balance().negate(),
                            currency, reason);
                    decision.outcome("invoice " + inv.id() + " written off: " + inv.balance().toPlainString() + " " + currency
                            + " leaves the open balance");
                    invoices.put(inv.id(), inv.withStatus(Invoice.Status.WRITTEN_OFF, zero()));
                }
            }
        }
    }

    private void closeEpisode(Plan plan, Overdue o) {
        Episode ep = episode.orElseThrow();
        episode = Optional.empty();
        Effect.Context ctx = new Effect.Context(id, day, Optional.of(ep.number()), Optional.empty(), Optional.of(ep.path()),
                plan.id(), plan.version(), o.days(), o.amountWithPaused(), currency);
        String reason = o.anyWithPaused() ? "overdue amount below the plan minimum" : "nothing overdue";
        effects.add(new Effect.CloseEpisode(id + "#" + ep.number() + "#closed", ctx, ep.number(), reason,
                ep.lastFired().map(Episode.FiredLevel::name)));
        decision.outcome("episode " + ep.number() + " closes: overdue " + o.amountWithPaused().toPlainString() + " " + currency
                + " (paused invoices counted), minimum " + plan.minimumFor(currency).toPlainString() + "; Dunning Episode Closed");
        if (statusSetByDunning && (status == Plan.Status.SUSPENDED || status == Plan.Status.IN_COLLECTIONS
                || status == Plan.Status.LEGAL)) {
            setStatus(id + "#" + ep.number() + "#reinstate", ctx, Plan.Status.ACTIVE, "dunning episode closed");
            decision.outcome("reinstated: ACTIVE (the suspension or case was made by dunning)");
        }
    }

    private Plan.Path choosePath(Plan plan, Overdue o) {
        Plan.Segments s = plan.segments();
        var customer = before.customer();
        boolean vip = customer.tags().stream().anyMatch(s.vipTags()::contains)
                || (s.vipAnnualRevenueAtLeast().containsKey(currency)
                && customer.annualRevenue().compareTo(s.vipAnnualRevenueAtLeast().get(currency)) >= 0);
        if (vip) {
            return Plan.Path.VIP;
        }
        boolean risky = s.highRiskOverdueInvoicesAtLeast().map(n -> o.invoices().size() >= n).orElse(false)
                || s.highRiskCollectionsCasesAtLeast().map(n -> customer.collectionsCases() >= n).orElse(false);
        return risky ? Plan.Path.HIGH_RISK : Plan.Path.STANDARD;
    }

    private boolean minimumMet(Level level, BigDecimal amount) {
        BigDecimal min = level.minimumOverdue().get(currency);
        return min == null || amount.compareTo(min) >= 0;
    }

    private String key(Level level, String action) {
        return id + "#" + episode.orElseThrow().number() + "#" + level.name() + "#" + action;
    }

    private Effect.Context context(Optional<String> level, Plan plan, Overdue o) {
        return new Effect.Context(id, day, episode.map(Episode::number), level, episode.map(Episode::path), plan.id(),
                plan.version(), o.days(), o.amount(), currency);
    }

    /** For effects outside a level (reminders, payment-failed notices, retries): the overdue position as of the day. */
    private Effect.Context context(Optional<String> level, Plan plan) {
        Overdue o = Overdue.of(invoices.values(), day, plan.graceDays(), exempt, paymentPlans);
        return new Effect.Context(id, day, Optional.empty(), level, episode.map(Episode::path), plan.id(), plan.version(),
                o.days(), o.amount(), currency);
    }

    private void book(String key, LedgerEntry.Kind kind, Optional<String> invoice, BigDecimal amount, String cur, String cause) {
        ledger.add(new LedgerEntry(id + "#" + key, day, kind, invoice, amount, cur, cause));
    }

    private BigDecimal zero() {
        return BigDecimal.ZERO.setScale(Currencies.scale(currency));
    }
}
