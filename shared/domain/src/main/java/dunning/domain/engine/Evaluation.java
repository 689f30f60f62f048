package dunning.domain.engine;

import dunning.domain.port.AccountBook;
import dunning.domain.port.EffectDispatcher;
import dunning.domain.port.PlanCatalog;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One evaluation of one account over the ports: load, run the account's business day, commit only
 * if something changed (conditioned on the version loaded), then hand the effects over, with any
 * an earlier run committed but may not have handed over. Decide, save, then act (Kill Bill's
 * applicator order): an effect is never carried out before the decision that made it is saved.
 */
public final class Evaluation {
    /** What an evaluation did. {@code day} is empty when the account is unknown or set aside. */
    public record Result(Optional<DayResult> day, boolean wrote, int dispatched, Optional<String> problem) {}

    private final AccountBook book;
    private final PlanCatalog plans;
    private final EffectDispatcher dispatcher;
    private final Clock clock;

    public Evaluation(AccountBook book, PlanCatalog plans, EffectDispatcher dispatcher, Clock clock) {
        this.book = book;
        this.plans = plans;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    /**
     * Evaluates {@code accountId} as of {@code asOf}, or, without one, as of today in the account's
     * own time zone (a sweep at 06:00 UTC is still yesterday in Honolulu).
     *
     * @throws AccountBook.Conflict when another writer changed the account meanwhile: evaluate again
     */
    public Result evaluate(String accountId, Optional<LocalDate> asOf) {
        return evaluate(accountId, asOf, false);
    }

    /**
     * As {@link #evaluate(String, Optional)}; {@code redelivered} says this evaluation's request came
     * again (its first run failed, perhaps after its commit and before the hand-over): then the
     * effects in flight are handed over too, rather than waiting for the redispatch sweep.
     */
    public Result evaluate(String accountId, Optional<LocalDate> asOf, boolean redelivered) {
        Optional<AccountBook.Loaded> found;
        try {
            found = book.load(accountId);
        } catch (AccountBook.Unusable e) {
            book.problem(accountId, Optional.of(e.getMessage()));
            return new Result(Optional.empty(), false, 0, Optional.of(e.getMessage()));
        }
        if (found.isEmpty()) {
            return new Result(Optional.empty(), false, 0, Optional.of("unknown account " + accountId));
        }
        AccountBook.Loaded loaded = found.get();
        LocalDate day = asOf.orElseGet(() -> LocalDate.now(clock.withZone(loaded.zone())));
        List<AccountEvent> events = loaded.inbox().stream().map(AccountBook.Inbound::event).toList();
        DayResult result = AccountDay.run(loaded.account(), day, events, plans);
        boolean write = result.changed() || !loaded.inbox().isEmpty();
        if (write) {
            book.commit(loaded, result);
        }
        List<Effect> handOver = new ArrayList<>(loaded.undispatched());
        if (redelivered) {
            handOver.addAll(loaded.inFlight());
        }
        handOver.addAll(result.effects());
        if (!handOver.isEmpty()) {
            dispatcher.dispatch(accountId, handOver);
        }
        return new Result(Optional.of(result), write, handOver.size(), Optional.empty());
    }
}
