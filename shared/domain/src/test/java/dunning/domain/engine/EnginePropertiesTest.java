package dunning.domain.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dunning.domain.account.Account;
import dunning.domain.account.Customer;
import dunning.domain.account.DunningState;
import dunning.domain.account.Invoice;
import dunning.domain.account.LedgerEntry;
import dunning.domain.plan.Plan;
import dunning.domain.plan.Plan.Action;
import dunning.domain.plan.Plan.Level;
import dunning.domain.port.InMemoryPlanCatalog;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Invariants of the account day over random sequences of payments, disputes, exemptions, refunds and days. */
class EnginePropertiesTest {
    static final LocalDate START = LocalDate.of(2026, 1, 1);

    /** kind: 0..4 nothing, 5 payment, 6 dispute toggle, 7 exempt toggle, 8 payment naming the invoice, 9 refund. */
    record Step(int kind, int invoice, int cents) {}

    static Plan plan(Plan.CatchUp catchUp, boolean writeOff) {
        List<Level> levels = new ArrayList<>();
        int[] days = {1, 5, 9, 20, 30, 45};
        for (int i = 0; i < days.length; i++) {
            Action third = i == 3 ? new Action.ChangeStatus(Plan.Status.SUSPENDED)
                    : i == 5 && writeOff ? new Action.ChangeStatus(Plan.Status.WRITTEN_OFF) : new Action.Task("call", Optional.empty());
            levels.add(new Level("L" + i, days[i], i % 2 == 0 ? 3 : 0,
                    i == 4 ? Map.of("USD", new BigDecimal("300.00")) : Map.of(), false, List.of(
                    new Action.Email("first-reminder"),
                    new Action.Fee(new Plan.FeeSpec.Percent(new BigDecimal("7.5"), Map.of("USD", new BigDecimal("1.00")),
                            Map.of("USD", new BigDecimal("12.00"))), Optional.empty()),
                    third)));
        }
        return new Plan("prop", "Prop", true, Map.of("USD", new BigDecimal("10.00")), 0, catchUp, List.of(1, 3),
                List.of(), Plan.Segments.NONE, Map.of(Plan.Path.STANDARD, levels), "payment-failed");
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(0, 9), Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(1, 30000)).as(Step::new);
        return step.list().ofMaxSize(60);
    }

    static Account account(String id, boolean exempt, List<Invoice> invoices) {
        return new Account(new Customer(id, "USD", Set.of(), BigDecimal.ZERO, 0), "prop", exempt, invoices, BigDecimal.ZERO,
                DunningState.initial(Plan.Status.ACTIVE));
    }

    static List<Invoice> threeInvoices() {
        List<Invoice> invoices = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            invoices.add(Invoice.issued("I" + i, START.plusDays(i * 4L), START.plusDays(i * 4L), new BigDecimal("150.00")));
        }
        return invoices;
    }

    /** What 60 days of steps came to: every effect and ledger entry, the last account, the money received. */
    record Run(List<Effect> effects, List<LedgerEntry> ledger, Account last, BigDecimal received) {}

    static Run simulate(Plan plan, List<Step> steps, Account start) {
        InMemoryPlanCatalog plans = new InMemoryPlanCatalog();
        plans.publish(plan, false);
        Account a = start;
        List<Effect> effects = new ArrayList<>();
        List<LedgerEntry> ledger = new ArrayList<>();
        BigDecimal received = BigDecimal.ZERO;
        for (int d = 0; d < 60; d++) {
            LocalDate day = START.plusDays(d);
            List<AccountEvent> events = new ArrayList<>();
            if (d < steps.size()) {
                Step s = steps.get(d);
                Invoice inv = a.invoices().get(s.invoice());
                BigDecimal amount = BigDecimal.valueOf(s.cents(), 2);
                switch (s.kind()) {
                    case 5 -> events.add(new AccountEvent.PaymentReceived("p" + d, amount, "USD", Optional.empty()));
                    case 6 -> events.add(new AccountEvent.DisputeChanged("d" + d, inv.id(), !inv.disputed()));
                    case 7 -> events.add(new AccountEvent.ExemptionChanged("x" + d, !a.exempt()));
                    case 8 -> events.add(new AccountEvent.PaymentReceived("p" + d, amount, "USD", Optional.of(inv.id())));
                    case 9 -> events.add(new AccountEvent.PaymentRefunded("r" + d, inv.id(), amount, "USD"));
                    default -> { }
                }
                for (AccountEvent e : events) {
                    if (e instanceof AccountEvent.PaymentReceived p) {
                        received = received.add(p.amount());
                    }
                }
            }
            DayResult r = AccountDay.run(a, day, events, plans);
            effects.addAll(r.effects());
            ledger.addAll(r.ledger());
            a = r.after();
        }
        return new Run(effects, ledger, a, received);
    }

    @Property(tries = 300)
    void no_effect_twice_and_levels_never_go_down_within_an_episode(@ForAll("steps") List<Step> steps,
                                                                    @ForAll boolean allInOrder) {
        Plan plan = plan(allInOrder ? Plan.CatchUp.ALL_IN_ORDER : Plan.CatchUp.HIGHEST_ONLY, false);
        Run run = simulate(plan, steps, account("A", false, threeInvoices()));
        Set<String> keys = new HashSet<>();
        for (Effect e : run.effects()) {
            assertTrue(keys.add(e.key()), "an effect repeated: " + e);
        }
        List<String> names = plan.levels(Plan.Path.STANDARD).stream().map(Level::name).toList();
        Map<Integer, Integer> highest = new HashMap<>();
        for (Effect e : run.effects()) {
            if (e.level().isEmpty() || e.context().episode().isEmpty()) {
                continue;
            }
            int level = names.indexOf(e.level().get());
            Integer before = highest.put(e.context().episode().get(), Math.max(level,
                    highest.getOrDefault(e.context().episode().get(), -1)));
            assertTrue(before == null || level >= before, "level went down in episode " + e.context().episode() + ": " + e);
        }
    }

    @Property(tries = 300)
    void a_fee_never_exceeds_its_cap_nor_falls_below_its_floor(@ForAll("steps") List<Step> steps) {
        Plan plan = plan(Plan.CatchUp.HIGHEST_ONLY, false);
        for (Effect e : simulate(plan, steps, account("A", false, threeInvoices())).effects()) {
            if (e instanceof Effect.ApplyFee fee) {
                assertTrue(fee.amount().compareTo(new BigDecimal("12.00")) <= 0 && fee.amount().compareTo(new BigDecimal("1.00")) >= 0,
                        e.toString());
                assertEquals(2, fee.amount().scale(), "rounded to cents: " + e);
            }
        }
    }

    /** Every cent received is booked: applied to an invoice, held as credit, or a recovery; nothing vanishes. */
    @Property(tries = 300)
    void every_cent_received_is_applied_held_or_recovered(@ForAll("steps") List<Step> steps, @ForAll boolean writeOff) {
        List<Step> noRefunds = steps.stream().filter(s -> s.kind() != 9).toList();
        Plan plan = plan(Plan.CatchUp.HIGHEST_ONLY, writeOff);
        Run run = simulate(plan, noRefunds, account("A", false, threeInvoices()));
        BigDecimal billed = new BigDecimal("450.00");
        BigDecimal open = BigDecimal.ZERO;
        for (Invoice inv : run.last().invoices()) {
            open = open.add(inv.balance());
        }
        BigDecimal writtenOff = sum(run.ledger(), LedgerEntry.Kind.WRITE_OFF).negate();
        BigDecimal recovered = sum(run.ledger(), LedgerEntry.Kind.RECOVERY).negate();
        BigDecimal applied = billed.subtract(open).subtract(writtenOff);
        assertEquals(0, run.received().compareTo(applied.add(run.last().state().held()).add(recovered)),
                "received " + run.received() + " = applied " + applied + " + held " + run.last().state().held() + " + recovered "
                        + recovered);
        assertEquals(0, applied.compareTo(sum(run.ledger(), LedgerEntry.Kind.PAYMENT).add(sum(run.ledger(),
                LedgerEntry.Kind.CREDIT_APPLIED)).negate()), "the ledger books every payment");
        assertTrue(run.last().state().credit().signum() >= 0, "credit is never negative");
    }

    @Property(tries = 200)
    void nothing_acts_on_an_exempt_account(@ForAll("steps") List<Step> steps) {
        Plan plan = plan(Plan.CatchUp.HIGHEST_ONLY, false);
        List<Step> withoutToggles = steps.stream().filter(s -> s.kind() != 7).toList();
        assertEquals(List.of(), simulate(plan, withoutToggles, account("A", true, threeInvoices())).effects().stream()
                .filter(e -> e.level().isPresent()).toList());
    }

    @Property(tries = 200)
    void nothing_acts_on_disputed_invoices(@ForAll @IntRange(min = 1, max = 59) int days) {
        Plan plan = plan(Plan.CatchUp.HIGHEST_ONLY, false);
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(6, 0, 1));
        Account a = account("A", false, List.of(Invoice.issued("I0", START, START, new BigDecimal("500.00"))));
        List<Effect> effects = simulate(plan, steps.subList(0, 1), a).effects();
        assertEquals(List.of(), effects.stream().filter(e -> !e.day().isAfter(START.plusDays(days))).toList());
    }

    @Property(tries = 100)
    void nothing_acts_on_an_invoice_in_a_kept_payment_plan(@ForAll @IntRange(min = 1, max = 40) int days) {
        InMemoryPlanCatalog plans = new InMemoryPlanCatalog();
        plans.publish(plan(Plan.CatchUp.HIGHEST_ONLY, false), false);
        Account a = account("A", false, List.of(Invoice.issued("I0", START, START, new BigDecimal("500.00"))));
        List<Effect> out = new ArrayList<>();
        for (int d = 0; d <= days; d++) {
            LocalDate day = START.plusDays(d);
            List<AccountEvent> events = new ArrayList<>();
            if (d == 0) {
                events.add(new AccountEvent.PaymentPlanAgreed("plan", List.of("I0"), 5, 10));
            } else if (d % 10 == 0) {
                events.add(new AccountEvent.PaymentReceived("p" + d, new BigDecimal("100.00"), "USD", Optional.of("I0")));
            }
            DayResult r = AccountDay.run(a, day, events, plans);
            out.addAll(r.effects());
            a = r.after();
        }
        assertEquals(List.of(), out);
    }

    /**
     * Same-day events of different accounts commute: FORMAT.md orders a day's events by file order,
     * but one account's payment cannot change what another account gets.
     */
    @Property(tries = 200)
    void same_day_events_of_different_accounts_commute(@ForAll("steps") List<Step> first, @ForAll("steps") List<Step> second) {
        Plan plan = plan(Plan.CatchUp.HIGHEST_ONLY, false);
        assertEquals(twoAccounts(plan, first, second, false), twoAccounts(plan, first, second, true));
    }

    /** A day that changes nothing leaves the account equal: the evaluation then writes nothing. */
    @Property(tries = 200)
    void a_second_run_of_the_same_day_changes_nothing(@ForAll("steps") List<Step> steps) {
        Plan plan = plan(Plan.CatchUp.HIGHEST_ONLY, true);
        InMemoryPlanCatalog plans = new InMemoryPlanCatalog();
        plans.publish(plan, false);
        Account a = simulate(plan, steps, account("A", false, threeInvoices())).last();
        DayResult again = AccountDay.run(a, START.plusDays(59), List.of(), plans);
        assertEquals(List.of(), again.effects());
        assertTrue(!again.changed(), "nothing changed: " + again.decision());
    }

    private static List<String> twoAccounts(Plan plan, List<Step> first, List<Step> second, boolean reversed) {
        InMemoryPlanCatalog plans = new InMemoryPlanCatalog();
        plans.publish(plan, false);
        Map<String, Account> accounts = new java.util.LinkedHashMap<>();
        for (String id : reversed ? List.of("B", "A") : List.of("A", "B")) {
            accounts.put(id, account(id, false, List.of(Invoice.issued(id + "0", START, START, new BigDecimal("150.00")))));
        }
        Map<String, List<Step>> steps = Map.of("A", first, "B", second);
        List<String> out = new ArrayList<>();
        for (int d = 0; d < 60; d++) {
            LocalDate day = START.plusDays(d);
            for (String id : List.copyOf(accounts.keySet())) {
                List<Step> s = steps.get(id);
                List<AccountEvent> events = d < s.size() && s.get(d).kind() == 5
                        ? List.of(new AccountEvent.PaymentReceived("p" + d, BigDecimal.valueOf(s.get(d).cents(), 2), "USD",
                        Optional.empty())) : List.of();
                DayResult r = AccountDay.run(accounts.get(id), day, events, plans);
                r.effects().forEach(e -> out.add(e.day() + " " + e.key()));
                accounts.put(id, r.after());
            }
        }
        out.sort(null);
        out.add("balances " + accounts.get("A").balance() + " " + accounts.get("B").balance());
        return out;
    }

    private static BigDecimal sum(List<LedgerEntry> ledger, LedgerEntry.Kind kind) {
        return ledger.stream().filter(l -> l.kind() == kind).map(LedgerEntry::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
