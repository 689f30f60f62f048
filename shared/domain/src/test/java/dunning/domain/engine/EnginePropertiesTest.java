package dunning.domain.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dunning.domain.plan.Plan;
import dunning.domain.plan.Plan.Action;
import dunning.domain.plan.Plan.Level;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
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

/** Invariants of the engine over random portfolios of payments, disputes, exemptions and days. */
class EnginePropertiesTest {
    static final LocalDate START = LocalDate.of(2026, 1, 1);

    record Step(int kind, int invoice, int cents) {}

    static Plan plan(Plan.CatchUp catchUp) {
        List<Level> levels = new ArrayList<>();
        int[] days = {1, 5, 9, 20, 30, 45};
        for (int i = 0; i < days.length; i++) {
            levels.add(new Level("L" + i, days[i], i % 2 == 0 ? 3 : 0,
                    i == 4 ? Map.of("USD", new BigDecimal("300.00")) : Map.of(), false, List.of(
                    new Action.Email("first-reminder"),
                    new Action.Fee(new Plan.FeeSpec.Percent(new BigDecimal("7.5"), Map.of("USD", new BigDecimal("1.00")),
                            Map.of("USD", new BigDecimal("12.00"))), Optional.empty()),
                    i == 3 ? new Action.ChangeStatus(Plan.Status.SUSPENDED) : new Action.Task("call", Optional.empty()))));
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

    /** Runs 60 days; each step is that day's event (0..4 nothing, 5 payment, 6 dispute toggle, 7 exempt toggle, 8..9 nothing). */
    static List<CarriedOut> simulate(Plan plan, List<Step> steps, AccountState a) {
        DunningEngine engine = new DunningEngine();
        for (int i = 0; i < 3; i++) {
            a.invoices.add(new AccountState.InvoiceState("I" + i, START.plusDays(i * 4L), START.plusDays(i * 4L),
                    new BigDecimal("150.00")));
        }
        List<CarriedOut> out = new ArrayList<>();
        for (int d = 0; d < 60; d++) {
            LocalDate day = START.plusDays(d);
            if (d < steps.size()) {
                Step s = steps.get(d);
                AccountState.InvoiceState inv = a.invoices.get(s.invoice());
                switch (s.kind()) {
                    case 5 -> engine.pay(a, day, BigDecimal.valueOf(s.cents(), 2), Optional.empty());
                    case 6 -> engine.dispute(a, day, inv.id, !inv.disputed);
                    case 7 -> engine.exempt(a, day, !a.exempt);
                    default -> { }
                }
            }
            engine.retriesAndReminders(a, day, out::add);
            engine.installmentChecks(a, day);
            engine.evaluate(a, day, out::add);
        }
        return out;
    }

    static AccountState account(Plan plan) {
        return new AccountState("A", "USD", Set.of(), BigDecimal.ZERO, 0, false, plan);
    }

    @Property(tries = 300)
    void no_level_fires_twice_in_an_episode_and_levels_never_go_down(@ForAll("steps") List<Step> steps,
                                                                    @ForAll boolean allInOrder) {
        Plan plan = plan(allInOrder ? Plan.CatchUp.ALL_IN_ORDER : Plan.CatchUp.HIGHEST_ONLY);
        List<CarriedOut> out = simulate(plan, steps, account(plan));
        Set<String> keys = new HashSet<>();
        for (CarriedOut c : out) {
            assertTrue(keys.add(c.key()), "an effect repeated: " + c);
        }
        // within an episode (the key's second part), level indexes only rise
        Map<String, Integer> highest = new java.util.HashMap<>();
        for (CarriedOut c : out) {
            String[] k = c.key().split("#");
            if (c.level().isEmpty() || k.length < 4) {
                continue;
            }
            int level = Integer.parseInt(k[2]);
            Integer before = highest.put(k[1], Math.max(level, highest.getOrDefault(k[1], -1)));
            assertTrue(before == null || level >= before, "level went down in episode " + k[1] + ": " + c);
        }
    }

    @Property(tries = 300)
    void a_fee_never_exceeds_its_cap_nor_falls_below_its_floor(@ForAll("steps") List<Step> steps) {
        Plan plan = plan(Plan.CatchUp.HIGHEST_ONLY);
        for (CarriedOut c : simulate(plan, steps, account(plan))) {
            if (c.kind().equals("fee")) {
                BigDecimal fee = new BigDecimal(c.value());
                assertTrue(fee.compareTo(new BigDecimal("12.00")) <= 0 && fee.compareTo(new BigDecimal("1.00")) >= 0, c.toString());
                assertEquals(2, fee.scale(), "rounded to cents: " + c);
            }
        }
    }

    @Property(tries = 200)
    void nothing_acts_on_an_exempt_account(@ForAll("steps") List<Step> steps) {
        Plan plan = plan(Plan.CatchUp.HIGHEST_ONLY);
        AccountState a = account(plan);
        a.exempt = true;
        List<Step> withoutToggles = steps.stream().filter(s -> s.kind() != 7).toList();
        assertEquals(List.of(), simulate(plan, withoutToggles, a).stream().filter(c -> c.level().isPresent()).toList());
    }

    @Property(tries = 200)
    void nothing_acts_on_disputed_invoices(@ForAll @IntRange(min = 1, max = 59) int days) {
        Plan plan = plan(Plan.CatchUp.HIGHEST_ONLY);
        AccountState a = account(plan);
        DunningEngine engine = new DunningEngine();
        a.invoices.add(new AccountState.InvoiceState("I0", START, START, new BigDecimal("500.00")));
        engine.dispute(a, START, "I0", true);
        List<CarriedOut> out = new ArrayList<>();
        for (int d = 0; d <= days; d++) {
            engine.evaluate(a, START.plusDays(d), out::add);
        }
        assertEquals(List.of(), out);
    }

    @Property(tries = 200)
    void nothing_acts_on_an_invoice_in_a_kept_payment_plan(@ForAll @IntRange(min = 1, max = 40) int days) {
        Plan plan = plan(Plan.CatchUp.HIGHEST_ONLY);
        AccountState a = account(plan);
        DunningEngine engine = new DunningEngine();
        a.invoices.add(new AccountState.InvoiceState("I0", START, START, new BigDecimal("500.00")));
        engine.paymentPlan(a, START, List.of("I0"), 5, 10);
        List<CarriedOut> out = new ArrayList<>();
        for (int d = 0; d <= days; d++) {
            LocalDate day = START.plusDays(d);
            if (d > 0 && d % 10 == 0) {
                engine.pay(a, day, new BigDecimal("100.00"), Optional.of("I0")); // each installment on its day
            }
            engine.installmentChecks(a, day);
            engine.evaluate(a, day, out::add);
        }
        assertEquals(List.of(), out);
    }

    /**
     * Same-day events of different accounts commute: FORMAT.md orders a day's events by file order,
     * but one account's payment cannot change what another account gets.
     */
    @Property(tries = 200)
    void same_day_events_of_different_accounts_commute(@ForAll("steps") List<Step> first, @ForAll("steps") List<Step> second) {
        Plan plan = plan(Plan.CatchUp.HIGHEST_ONLY);
        List<String> forward = twoAccounts(plan, first, second, false);
        List<String> backward = twoAccounts(plan, first, second, true);
        assertEquals(forward, backward);
    }

    private static List<String> twoAccounts(Plan plan, List<Step> first, List<Step> second, boolean reversed) {
        AccountState a = account(plan);
        AccountState b = new AccountState("B", "USD", Set.of(), BigDecimal.ZERO, 0, false, plan);
        DunningEngine engine = new DunningEngine();
        for (AccountState x : List.of(a, b)) {
            x.invoices.add(new AccountState.InvoiceState(x.id + "0", START, START, new BigDecimal("150.00")));
        }
        List<String> out = new ArrayList<>();
        for (int d = 0; d < 60; d++) {
            LocalDate day = START.plusDays(d);
            List<Runnable> events = new ArrayList<>();
            for (Object[] pair : new Object[][] {{a, first}, {b, second}}) {
                AccountState x = (AccountState) pair[0];
                @SuppressWarnings("unchecked")
                List<Step> steps = (List<Step>) pair[1];
                if (d < steps.size() && steps.get(d).kind() == 5) {
                    BigDecimal amount = BigDecimal.valueOf(steps.get(d).cents(), 2);
                    events.add(() -> engine.pay(x, day, amount, Optional.empty()));
                }
            }
            if (reversed) {
                java.util.Collections.reverse(events);
            }
            events.forEach(Runnable::run);
            for (AccountState x : List.of(a, b)) {
                engine.evaluate(x, day, c -> out.add(c.day() + " " + c.describe()));
            }
        }
        out.sort(null);
        out.add("balances " + a.balance() + " " + b.balance());
        return out;
    }
}
