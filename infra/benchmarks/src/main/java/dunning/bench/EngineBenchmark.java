package dunning.bench;

import dunning.domain.account.Account;
import dunning.domain.account.Customer;
import dunning.domain.account.DunningState;
import dunning.domain.account.Invoice;
import dunning.domain.engine.AccountDay;
import dunning.domain.port.InMemoryPlanCatalog;
import dunning.domain.plan.Plan;
import dunning.domain.plan.Plan.Action;
import dunning.domain.plan.Plan.Level;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Account days per second of the pure day protocol ({@link AccountDay#run}) on a realistic account:
 * five invoices, a six-level plan.
 * {@code steadyState}: the daily sweep's common case, an account in an open episode whose level has
 * already fired (nothing changes). {@code firstEscalation}: a fresh account evaluated on a day that
 * opens its episode and fires a level with an email, a fee and a status change.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class EngineBenchmark {
    static final LocalDate DUE = LocalDate.of(2026, 1, 1);

    final InMemoryPlanCatalog plans = new InMemoryPlanCatalog();
    Plan plan;
    Account fresh;
    Account steady;
    LocalDate day;

    @Setup
    public void setUp() {
        List<Level> levels = List.of(
                level("First Reminder", 1, 7, Map.of(), new Action.Email("first-reminder")),
                level("Second Notice", 8, 7, Map.of(), new Action.Email("second-notice"),
                        new Action.Fee(new Plan.FeeSpec.Fixed(Map.of("USD", new BigDecimal("2.00"))), Optional.empty())),
                level("Final Notice", 15, 14, Map.of(), new Action.Email("final-notice"), new Action.Task("phone-call", Optional.empty())),
                level("Suspension", 30, 14, Map.of(), new Action.ChangeStatus(Plan.Status.SUSPENDED), new Action.Email("suspension")),
                level("Collections", 45, 0, Map.of("USD", new BigDecimal("500.00")),
                        new Action.ChangeStatus(Plan.Status.IN_COLLECTIONS), new Action.PublishEvent("Collections Handoff")),
                level("Legal", 90, 0, Map.of("USD", new BigDecimal("5000.00")), new Action.ChangeStatus(Plan.Status.LEGAL)));
        plan = new Plan("bench", "Bench", true, Map.of("USD", new BigDecimal("1.00")), 0, Plan.CatchUp.HIGHEST_ONLY,
                List.of(1, 3, 5, 7), List.of(), Plan.Segments.NONE, Map.of(Plan.Path.STANDARD, levels), "payment-failed");
        plans.publish(plan, false);
        fresh = account();
        day = DUE.plusDays(20);
        steady = AccountDay.run(fresh, day, List.of(), plans).after();
    }

    static Level level(String name, int days, int wait, Map<String, BigDecimal> min, Action... actions) {
        return new Level(name, days, wait, min, false, List.of(actions));
    }

    Account account() {
        List<Invoice> invoices = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            invoices.add(Invoice.issued("INV-" + i, DUE.plusDays(i * 3L), DUE.plusDays(i * 3L), new BigDecimal("120.00")));
        }
        return new Account(new Customer("A1", "USD", Set.of(), BigDecimal.ZERO, 0), "bench", false, invoices, BigDecimal.ZERO,
                DunningState.initial(Plan.Status.ACTIVE));
    }

    @Benchmark
    public void steadyState(Blackhole bh) {
        bh.consume(AccountDay.run(steady, day, List.of(), plans));
    }

    @Benchmark
    public void firstEscalation(Blackhole bh) {
        bh.consume(AccountDay.run(fresh, DUE.plusDays(31), List.of(), plans));
    }
}
