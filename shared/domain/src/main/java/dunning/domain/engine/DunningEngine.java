package dunning.domain.engine;

import dunning.domain.engine.AccountState.InvoiceState;
import dunning.domain.engine.AccountState.PaymentPlanState;
import dunning.domain.money.Currencies;
import dunning.domain.plan.Plan;
import dunning.domain.plan.Plan.Action;
import dunning.domain.plan.Plan.FeeSpec;
import dunning.domain.plan.Plan.Level;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The dunning semantics of DESIGN.md §2 on one account at a time. Each method takes the account's
 * state and the business date (a calendar date in the account's time zone) and reports what it
 * carried out to {@code out}; nothing here knows about storage, queues or mail.
 */
public final class DunningEngine {
    /** Decline codes that mean "do not retry this card": ask for a new payment method instead. */
    public static final Set<String> HARD_DECLINES = Set.of("stolen_card", "lost_card", "pickup_card", "do_not_honor",
            "account_closed", "fraudulent");

    private static final Comparator<InvoiceState> OLDEST_FIRST =
            Comparator.comparing((InvoiceState i) -> i.due).thenComparing(i -> i.issued);

    // ---- events ---------------------------------------------------------------------------------

    /** A payment: to one invoice, or oldest first; an overpayment stays as credit; a recovery after write-off. */
    public void pay(AccountState a, LocalDate day, BigDecimal amount, Optional<String> invoiceId) {
        if (a.status == Plan.Status.WRITTEN_OFF) {
            a.recovered = a.recovered.add(amount);
            a.decide(day, "payment " + amount + " on a written-off account: booked as a recovery, balances unchanged");
            return;
        }
        BigDecimal left = amount;
        if (invoiceId.isPresent()) {
            InvoiceState inv = invoice(a, invoiceId.get());
            if (inv.status == InvoiceState.Status.WRITTEN_OFF) {
                a.recovered = a.recovered.add(amount);
                a.decide(day, "payment " + amount + " to written-off invoice " + inv.id + ": a recovery");
                return;
            }
            left = applyTo(inv, left);
        } else {
            List<InvoiceState> open = new ArrayList<>();
            for (InvoiceState i : a.invoices) {
                if (i.openWithBalance() && !i.issued.isAfter(day)) {
                    open.add(i);
                }
            }
            open.sort(OLDEST_FIRST);
            for (InvoiceState i : open) {
                if (left.signum() == 0) {
                    break;
                }
                left = applyTo(i, left);
            }
        }
        if (left.signum() > 0) {
            a.credit = a.credit.add(left);
            a.decide(day, "overpayment of " + left + " kept as credit");
        }
    }

    private static BigDecimal applyTo(InvoiceState inv, BigDecimal amount) {
        if (!inv.openWithBalance()) {
            return amount;
        }
        BigDecimal applied = amount.min(inv.balance);
        inv.balance = inv.balance.subtract(applied);
        if (inv.balance.signum() == 0) {
            inv.status = InvoiceState.Status.PAID;
        }
        if (inv.plan != null && inv.plan.active) {
            inv.plan.paid = inv.plan.paid.add(applied);
        }
        return amount.subtract(applied);
    }

    /** A failed payment: the payment-failed notice now; for a soft decline, retry requests on the schedule. */
    public void paymentFailed(AccountState a, LocalDate day, String invoiceId, String declineCode, Consumer<CarriedOut> out) {
        if (!a.plan.active()) {
            return;
        }
        invoice(a, invoiceId);
        out.accept(new CarriedOut(day, a.id, Optional.empty(), "email", a.plan.paymentFailedTemplate(),
                a.id + "#payment-failed#" + invoiceId + "#" + day));
        boolean hard = HARD_DECLINES.contains(declineCode);
        if (!hard) {
            for (int d : a.plan.retrySchedule()) {
                a.retries.computeIfAbsent(day.plusDays(d), k -> new ArrayList<>()).add(invoiceId);
            }
        }
        a.decide(day, "payment of " + invoiceId + " failed (" + declineCode + ", " + (hard ? "hard decline: ask for a new"
                + " payment method, no retry" : "soft decline: retries on days " + a.plan.retrySchedule()) + ")");
    }

    public void paymentPlan(AccountState a, LocalDate day, List<String> invoiceIds, int installments, int everyDays) {
        BigDecimal total = BigDecimal.ZERO;
        List<InvoiceState> invoices = new ArrayList<>();
        for (String id : invoiceIds) {
            InvoiceState inv = invoice(a, id);
            invoices.add(inv);
            total = total.add(inv.balance);
        }
        int scale = Currencies.scale(a.currency);
        BigDecimal part = total.divide(BigDecimal.valueOf(installments), scale, RoundingMode.DOWN);
        List<BigDecimal> parts = new ArrayList<>();
        List<LocalDate> dates = new ArrayList<>();
        for (int k = 1; k <= installments; k++) {
            parts.add(k < installments ? part : total.subtract(part.multiply(BigDecimal.valueOf(installments - 1L))));
            dates.add(day.plusDays((long) k * everyDays));
        }
        PaymentPlanState plan = new PaymentPlanState(day, dates, parts);
        a.paymentPlans.add(plan);
        invoices.forEach(i -> i.plan = plan);
        a.decide(day, "payment plan: " + invoiceIds + " in " + installments + " installments " + parts + " due " + dates);
    }

    public void dispute(AccountState a, LocalDate day, String invoiceId, boolean open) {
        invoice(a, invoiceId).disputed = open;
        a.decide(day, "dispute on " + invoiceId + (open ? " opened: the invoice is excluded" : " closed"));
    }

    public void exempt(AccountState a, LocalDate day, boolean value) {
        a.exempt = value;
        a.decide(day, value ? "No Dunning set: nothing acts on this account" : "No Dunning lifted");
    }

    /** An approval: the level waiting for it fires now. */
    public void approve(AccountState a, LocalDate day, String levelName, Consumer<CarriedOut> out) {
        List<Level> levels = a.plan.levels(a.path);
        if (a.pendingApproval < 0 || !levels.get(a.pendingApproval).name().equals(levelName)) {
            a.decide(day, "approval of " + levelName + " ignored: no such level is waiting for approval");
            return;
        }
        int index = a.pendingApproval;
        a.pendingApproval = -1;
        a.decide(day, "level " + levelName + " approved: FIRED");
        carryOut(a, day, index, levels.get(index), overdue(a, day).amount, out);
    }

    // ---- start of day ---------------------------------------------------------------------------

    /** Retry requests due today and pre-due reminders. */
    public void retriesAndReminders(AccountState a, LocalDate day, Consumer<CarriedOut> out) {
        if (!a.plan.active()) {
            return;
        }
        List<String> due = a.retries.remove(day);
        if (due != null) {
            for (String invoiceId : due) {
                InvoiceState inv = invoice(a, invoiceId);
                if (inv.openWithBalance()) {
                    out.accept(new CarriedOut(day, a.id, Optional.empty(), "retry", "true", a.id + "#retry#" + invoiceId + "#" + day));
                } else {
                    a.decide(day, "retry of " + invoiceId + " not requested: the invoice is no longer open");
                }
            }
        }
        List<Plan.Reminder> reminders = a.plan.reminders();
        for (int r = 0; r < reminders.size(); r++) {
            Plan.Reminder reminder = reminders.get(r);
            for (InvoiceState inv : a.invoices) {
                if (!inv.due.minusDays(reminder.daysBeforeDue()).equals(day) || inv.issued.isAfter(day)) {
                    continue;
                }
                if (!inv.openWithBalance() || excluded(a, inv)) {
                    continue;
                }
                if (a.remindersSent.add(inv.id + "#" + r)) {
                    out.accept(new CarriedOut(day, a.id, Optional.empty(), "email", reminder.template(),
                            a.id + "#reminder#" + r + "#" + inv.id));
                }
            }
        }
    }

    /** Installment checks: a plan short of what is due by today defaults, and the account escalates today. */
    public void installmentChecks(AccountState a, LocalDate day) {
        for (PaymentPlanState plan : a.paymentPlans) {
            if (!plan.active) {
                continue;
            }
            for (int k = 0; k < plan.dueDates.size(); k++) {
                if (!plan.dueDates.get(k).equals(day)) {
                    continue;
                }
                BigDecimal dueSoFar = BigDecimal.ZERO;
                for (int j = 0; j <= k; j++) {
                    dueSoFar = dueSoFar.add(plan.installments.get(j));
                }
                if (plan.paid.compareTo(dueSoFar) < 0) {
                    plan.active = false;
                    a.invoices.stream().filter(i -> i.plan == plan).forEach(i -> i.plan = null);
                    a.defaultEscalation = true;
                    a.decide(day, "payment plan defaulted: paid " + plan.paid + " of " + dueSoFar + " due by installment "
                            + (k + 1) + "; its invoices are back in dunning and the account escalates today");
                } else if (k == plan.dueDates.size() - 1) {
                    plan.active = false;
                    a.invoices.stream().filter(i -> i.plan == plan).forEach(i -> i.plan = null);
                    a.decide(day, "payment plan completed");
                }
            }
        }
    }

    // ---- evaluation -----------------------------------------------------------------------------

    record Overdue(List<InvoiceState> invoices, BigDecimal amount, int days, BigDecimal amountWithPaused, boolean anyWithPaused) {}

    Overdue overdue(AccountState a, LocalDate day) {
        List<InvoiceState> list = new ArrayList<>();
        BigDecimal amount = BigDecimal.ZERO;
        BigDecimal withPaused = BigDecimal.ZERO;
        boolean anyWithPaused = false;
        LocalDate oldest = null;
        for (InvoiceState inv : a.invoices) {
            if (!inv.openWithBalance() || !day.isAfter(inv.due.plusDays(a.plan.graceDays()))) {
                continue;
            }
            anyWithPaused = true;
            withPaused = withPaused.add(inv.balance);
            if (excluded(a, inv)) {
                continue;
            }
            list.add(inv);
            amount = amount.add(inv.balance);
            if (oldest == null || inv.due.isBefore(oldest)) {
                oldest = inv.due;
            }
        }
        int days = oldest == null ? 0 : (int) ChronoUnit.DAYS.between(oldest, day);
        return new Overdue(list, amount, days, withPaused, anyWithPaused);
    }

    private static boolean excluded(AccountState a, InvoiceState inv) {
        return a.exempt || inv.disputed || (inv.plan != null && inv.plan.active);
    }

    /** Evaluates the account as of {@code day}: closes, opens or escalates its episode. */
    public void evaluate(AccountState a, LocalDate day, Consumer<CarriedOut> out) {
        boolean defaulted = a.defaultEscalation;
        a.defaultEscalation = false;
        Plan plan = a.plan;
        if (!plan.active()) {
            return;
        }
        if (a.status == Plan.Status.WRITTEN_OFF) {
            return; // final
        }
        Overdue o = overdue(a, day);
        BigDecimal minimum = plan.minimumFor(a.currency);
        String inputs = "as of " + day + ": overdue " + o.amount + " " + a.currency + " (" + o.invoices.size()
                + " invoices, oldest " + o.days + " days), minimum " + minimum + ", plan " + plan.id();
        if (a.episodeOpen && (!o.anyWithPaused || o.amountWithPaused.compareTo(minimum) < 0)) {
            closeEpisode(a, day, o, out);
            return;
        }
        if (o.invoices.isEmpty() || o.amount.compareTo(minimum) < 0) {
            if (!o.invoices.isEmpty()) {
                a.decide(day, inputs + ": below the plan minimum, not in dunning");
            }
            return;
        }
        if (!a.episodeOpen) {
            a.episodeOpen = true;
            a.episode++;
            a.path = choosePath(a, o);
            a.lastFired = -1;
            a.lastFiredOn = null;
            a.lastFeeOn = null;
            a.pendingApproval = -1;
            a.decide(day, "episode " + a.episode + " opens on path " + a.path);
        }
        if (a.pendingApproval >= 0) {
            a.decide(day, inputs + ": level " + plan.levels(a.path).get(a.pendingApproval).name() + " waits for approval");
            return;
        }
        List<Level> levels = plan.levels(a.path);
        int target = -1;
        for (int i = 0; i < levels.size(); i++) {
            if (levels.get(i).days() <= o.days && minimumMet(levels.get(i), a.currency, o.amount)) {
                target = i;
            }
        }
        if (defaulted) {
            int next = a.lastFired + 1;
            if (next < levels.size() && minimumMet(levels.get(next), a.currency, o.amount)) {
                target = Math.max(target, next);
            }
        } else if (target > a.lastFired && a.lastFired >= 0) {
            Level last = levels.get(a.lastFired);
            long since = ChronoUnit.DAYS.between(a.lastFiredOn, day);
            if (since < last.waitDays()) {
                a.decide(day, inputs + ", path " + a.path + ": " + levels.get(target).name() + " HELD: "
                        + last.name() + " fired " + since + " days ago, waitDays " + last.waitDays());
                return;
            }
        }
        if (target <= a.lastFired) {
            return;
        }
        a.decide(day, inputs + ", path " + a.path + (defaulted ? ", payment-plan default" : "") + ": target "
                + levels.get(target).name());
        for (int i = a.lastFired + 1; i <= target; i++) {
            Level level = levels.get(i);
            boolean fire = i == target || (plan.catchUp() == Plan.CatchUp.ALL_IN_ORDER && minimumMet(level, a.currency, o.amount));
            if (!fire) {
                a.decide(day, "level " + level.name() + " SKIPPED: " + (plan.catchUp() == Plan.CatchUp.ALL_IN_ORDER
                        ? "its own minimum is not met" : "a higher level is due (catchUp HIGHEST_ONLY)"));
                continue;
            }
            if (level.requiresApproval()) {
                a.pendingApproval = i;
                out.accept(new CarriedOut(day, a.id, Optional.of(level.name()), "approvalRequested", "true",
                        key(a, i, "approval")));
                a.decide(day, "level " + level.name() + " APPROVAL_REQUESTED: it acts once approved");
                return;
            }
            a.decide(day, "level " + level.name() + " FIRED");
            carryOut(a, day, i, level, o.amount, out);
        }
    }

    private void carryOut(AccountState a, LocalDate day, int index, Level level, BigDecimal overdueAmount,
                          Consumer<CarriedOut> out) {
        a.lastFired = index;
        a.lastFiredOn = day;
        List<Action> actions = level.actions();
        for (int n = 0; n < actions.size(); n++) {
            Action action = actions.get(n);
            String key = key(a, index, String.valueOf(n));
            Optional<String> lvl = Optional.of(level.name());
            if (action instanceof Action.Email email) {
                out.accept(new CarriedOut(day, a.id, lvl, "email", email.template(), key));
            } else if (action instanceof Action.Fee fee) {
                BigDecimal amount = fee(a, day, fee.spec(), overdueAmount);
                a.unbilledFees = a.unbilledFees.add(amount);
                a.lastFeeOn = day;
                out.accept(new CarriedOut(day, a.id, lvl, "fee", amount.toPlainString(), key));
            } else if (action instanceof Action.ChangeStatus change) {
                setStatus(a, day, change.status());
                out.accept(new CarriedOut(day, a.id, lvl, "status", change.status().name(), key));
            } else if (action instanceof Action.PublishEvent event) {
                out.accept(new CarriedOut(day, a.id, lvl, "event", event.detailType(), key));
            } else if (action instanceof Action.Task task) {
                out.accept(new CarriedOut(day, a.id, lvl, "task", task.kind(), key));
            } else {
                out.accept(new CarriedOut(day, a.id, lvl, "retry", "true", key));
            }
        }
    }

    private static void setStatus(AccountState a, LocalDate day, Plan.Status status) {
        a.status = status;
        a.statusSetByDunning = status != Plan.Status.ACTIVE;
        if (status == Plan.Status.WRITTEN_OFF) {
            for (InvoiceState inv : a.invoices) {
                if (inv.openWithBalance()) {
                    inv.status = InvoiceState.Status.WRITTEN_OFF;
                    a.decide(day, "invoice " + inv.id + " written off: " + inv.balance + " leaves the open balance");
                    inv.balance = BigDecimal.ZERO;
                }
            }
        }
    }

    /** Fees are computed when the level fires and rounded half-up to the currency's minor unit. */
    BigDecimal fee(AccountState a, LocalDate day, FeeSpec spec, BigDecimal overdueAmount) {
        BigDecimal raw;
        if (spec instanceof FeeSpec.Fixed fixed) {
            raw = fixed.amounts().getOrDefault(a.currency, BigDecimal.ZERO);
        } else if (spec instanceof FeeSpec.Percent pct) {
            raw = overdueAmount.multiply(pct.percent()).divide(BigDecimal.valueOf(100), MathContext.DECIMAL64);
            BigDecimal min = pct.min().get(a.currency);
            BigDecimal max = pct.max().get(a.currency);
            if (min != null && raw.compareTo(min) < 0) {
                raw = min;
            }
            if (max != null && raw.compareTo(max) > 0) {
                raw = max;
            }
        } else {
            FeeSpec.AnnualInterest interest = (FeeSpec.AnnualInterest) spec;
            LocalDate from = a.lastFeeOn;
            if (from == null) {
                from = overdue(a, day).invoices.stream().map(i -> i.due).min(Comparator.naturalOrder()).orElse(day);
            }
            long days = ChronoUnit.DAYS.between(from, day);
            raw = overdueAmount.multiply(interest.percent()).multiply(BigDecimal.valueOf(days))
                    .divide(BigDecimal.valueOf(36_500), MathContext.DECIMAL64);
        }
        return Currencies.round(raw, a.currency);
    }

    private void closeEpisode(AccountState a, LocalDate day, Overdue o, Consumer<CarriedOut> out) {
        a.episodeOpen = false;
        a.pendingApproval = -1;
        a.decide(day, "episode " + a.episode + " closes: overdue " + o.amountWithPaused + " " + a.currency
                + " (paused invoices counted) is below the plan minimum; Dunning Episode Closed");
        if (a.statusSetByDunning && (a.status == Plan.Status.SUSPENDED || a.status == Plan.Status.IN_COLLECTIONS
                || a.status == Plan.Status.LEGAL)) {
            a.status = Plan.Status.ACTIVE;
            a.statusSetByDunning = false;
            out.accept(new CarriedOut(day, a.id, Optional.empty(), "status", "ACTIVE", a.id + "#" + a.episode + "#reinstate"));
            a.decide(day, "reinstated: ACTIVE (the suspension or case was made by dunning)");
        }
    }

    private static Plan.Path choosePath(AccountState a, Overdue o) {
        Plan.Segments s = a.plan.segments();
        boolean vip = a.tags.stream().anyMatch(s.vipTags()::contains)
                || (s.vipAnnualRevenueAtLeast().containsKey(a.currency)
                && a.annualRevenue.compareTo(s.vipAnnualRevenueAtLeast().get(a.currency)) >= 0);
        if (vip) {
            return Plan.Path.VIP;
        }
        boolean risky = s.highRiskOverdueInvoicesAtLeast().map(n -> o.invoices.size() >= n).orElse(false)
                || s.highRiskCollectionsCasesAtLeast().map(n -> a.collectionsCases >= n).orElse(false);
        return risky ? Plan.Path.HIGH_RISK : Plan.Path.STANDARD;
    }

    private static boolean minimumMet(Level level, String currency, BigDecimal amount) {
        BigDecimal min = level.minimumOverdue().get(currency);
        return min == null || amount.compareTo(min) >= 0;
    }

    private static String key(AccountState a, int level, String action) {
        return a.id + "#" + a.episode + "#" + level + "#" + action;
    }

    private static InvoiceState invoice(AccountState a, String id) {
        for (InvoiceState i : a.invoices) {
            if (i.id.equals(id)) {
                return i;
            }
        }
        throw new IllegalArgumentException("account " + a.id + " has no invoice " + id);
    }
}
