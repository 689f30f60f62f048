package dunning.aws.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dunning.domain.account.DunningState;
import dunning.domain.account.Invoice;
import dunning.domain.account.PaymentPlan;
import dunning.domain.engine.AccountEvent;
import dunning.domain.engine.Decision;
import dunning.domain.engine.Effect;
import dunning.domain.episode.Episode;
import dunning.domain.plan.Plan;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Every codec between the domain's types and the table, held to its inverse: what is written is
 * what is read back, for every field. A field one side forgets fails here instead of being lost,
 * and a new kind of effect or event without a sample here fails the completeness checks.
 */
class CodecRoundTripTest {
    static final Effect.Context CONTEXT = new Effect.Context("A1", LocalDate.of(2026, 1, 9), Optional.of(2), Optional.of("Notice"),
            Optional.of(Plan.Path.VIP), "p", 3, 8, new BigDecimal("120.00"), "USD");
    static final Effect.Context BARE = new Effect.Context("A1", LocalDate.of(2026, 1, 9), Optional.empty(), Optional.empty(),
            Optional.empty(), "p", 1, 0, BigDecimal.ZERO, "USD");

    static final List<Effect> EFFECTS = List.of(
            new Effect.SendEmail("k1", CONTEXT, "second-notice", Effect.Purpose.LEVEL, Optional.empty()),
            new Effect.SendEmail("k2", BARE, "payment-failed", Effect.Purpose.PAYMENT_FAILED, Optional.of("I1")),
            new Effect.SendEmail("k2b", BARE, "payment-failed", Effect.Purpose.PAYMENT_FAILED, Optional.of("I1"), Optional.of("stolen_card")),
            new Effect.ApplyFee("k3", CONTEXT, new BigDecimal("5.00"), "late fee"),
            new Effect.ChangeStatus("k4", CONTEXT, Plan.Status.ACTIVE, Plan.Status.SUSPENDED, 7, "dunning level Notice"),
            new Effect.PublishEvent("k5", CONTEXT, "Collections Handoff"),
            new Effect.CreateTask("k6", CONTEXT, "phone-call", Optional.of("call twice")),
            new Effect.CreateTask("k6b", CONTEXT, "phone-call", Optional.empty()),
            new Effect.RequestRetry("k7", BARE, Optional.of("I1"), Optional.of("pay-1"), 2),
            new Effect.RequestRetry("k7b", CONTEXT, Optional.empty(), Optional.empty(), 1),
            new Effect.RequestApproval("k8", CONTEXT),
            new Effect.CloseEpisode("k9", CONTEXT, 2, "nothing overdue", Optional.of("Notice")),
            new Effect.CloseEpisode("k9b", BARE, 1, "nothing overdue", Optional.empty()));

    static final List<AccountEvent> EVENTS = List.of(
            new AccountEvent.PaymentReceived("e1", new BigDecimal("12.50"), "USD", Optional.of("I1")),
            new AccountEvent.PaymentReceived("e1b", new BigDecimal("12.50"), "EUR", Optional.empty()),
            new AccountEvent.PaymentFailed("e2", "I1", "insufficient_funds", true),
            new AccountEvent.PaymentActionRequired("e3", "I1"),
            new AccountEvent.PaymentRefunded("e4", "I1", new BigDecimal("3.00"), "USD"),
            new AccountEvent.InvoiceVoided("e5", "I1"),
            new AccountEvent.InvoiceWrittenOff("e5w", "I1"),
            new AccountEvent.CreditNoteIssued("e6", "I1", new BigDecimal("4.00"), "USD"),
            new AccountEvent.DisputeChanged("e7", "I1", true),
            new AccountEvent.PaymentPlanAgreed("e8", List.of("I1", "I2"), 3, 30),
            new AccountEvent.LevelApproved("e9", "Legal"),
            new AccountEvent.ExemptionChanged("e10", true));

    /** The samples hold one of every kind the sealed type permits ({@code what}), and each comes back through its codec as it went in. */
    static <T> void assertEveryKindSurvives(Class<T> sealed, List<? extends T> samples, UnaryOperator<T> roundTrip, String what) {
        Set<Class<?>> covered = samples.stream().map(Object::getClass).collect(Collectors.toSet());
        assertEquals(Set.of(sealed.getPermittedSubclasses()), covered, "a sample of every kind of " + what);
        for (T sample : samples) {
            assertEquals(sample, roundTrip.apply(sample));
        }
    }

    @Test
    void every_kind_of_effect_survives_its_action_record() {
        assertEveryKindSurvives(Effect.class, EFFECTS, e -> EffectCodec.decode(EffectCodec.encode(e)), "effect");
    }

    @Test
    void every_kind_of_event_survives_the_inbox() {
        assertEveryKindSurvives(AccountEvent.class, EVENTS, e -> EventCodec.decode(EventCodec.encode(e)), "event");
    }

    @Test
    void a_decision_survives_the_history() {
        Decision d = new Decision("A1", LocalDate.of(2026, 1, 9), List.of("payment pay-1 of 10.00 USD applied"),
                Optional.of(new Decision.Inputs(8, new BigDecimal("120.00"), "USD", new BigDecimal("1.00"), 2,
                        Optional.of(Plan.Path.STANDARD), "p", 2, Optional.of(1))),
                Arrays.stream(Decision.Outcome.values()).map(o -> new Decision.LevelResult("L-" + o, o, "because " + o)).toList(),
                List.of("episode 1 opens"));
        assertEquals(d, HistoryCodec.decision(HistoryCodec.decisionItem(d, 7)));
        Decision bare = new Decision("A1", LocalDate.of(2026, 1, 9), List.of(), Optional.empty(), List.of(), List.of());
        assertEquals(bare, HistoryCodec.decision(HistoryCodec.decisionItem(bare, 8)));
    }

    @Provide
    Arbitrary<DunningState> states() {
        Arbitrary<LocalDate> days = Arbitraries.integers().between(0, 400).map(d -> LocalDate.of(2026, 1, 1).plusDays(d));
        Arbitrary<BigDecimal> money = Arbitraries.integers().between(0, 1_000_000).map(c -> BigDecimal.valueOf(c, 2));
        Arbitrary<String> ids = Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(1).ofMaxLength(6);
        Arbitrary<Episode.FiredLevel> fired = Combinators.combine(ids, days).as(Episode.FiredLevel::new);
        Arbitrary<Episode> episodes = Combinators.combine(Arbitraries.integers().between(1, 50), days,
                Arbitraries.of(Plan.Path.class), ids, Arbitraries.integers().between(1, 9), fired.list().ofMaxSize(4),
                fired.optional(), days.optional()).as((n, opened, path, plan, version, list, last, fee) ->
                new Episode(n, opened, path, plan, version, list, last, fee, Optional.empty(), BigDecimal.ZERO))
                .flatMap(e -> Combinators.combine(ids.optional(), money).as((pending, fees) ->
                        new Episode(e.number(), e.openedOn(), e.path(), e.planId(), e.planVersion(), e.fired(), e.lastFired(),
                                e.lastFeeOn(), pending, fees)));
        Arbitrary<DunningState.Earmark> earmarks = Combinators.combine(ids, money, ids).as(DunningState.Earmark::new);
        Arbitrary<DunningState.ScheduledRetry> retries = Combinators.combine(days, ids, ids, Arbitraries.integers().between(1, 9))
                .as(DunningState.ScheduledRetry::new);
        Arbitrary<PaymentPlan> plans = Combinators.combine(ids, days, ids.list().ofMaxSize(3), days.list().ofMaxSize(4),
                money.list().ofMaxSize(4), money).as(PaymentPlan::new);
        return Combinators.combine(Arbitraries.integers().between(0, 99), episodes.optional(), Arbitraries.of(Plan.Status.class),
                Arbitraries.of(true, false), Arbitraries.longs().between(0, 1000), money, earmarks.list().ofMaxSize(3),
                retries.list().ofMaxSize(4)).as((n, ep, status, byDunning, changes, credit, marks, rs) ->
                new DunningState(n, ep, status, byDunning, changes, credit, marks, rs, List.of()))
                .flatMap(s -> plans.list().ofMaxSize(2).map(ps -> new DunningState(s.episodes(), s.episode(), s.status(),
                        s.statusSetByDunning(), s.statusChanges(), s.credit(), s.earmarked(), s.retries(), ps)));
    }

    @Property(tries = 300)
    void the_state_item_holds_every_field_of_the_state(@ForAll("states") DunningState state) {
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item = AccountCodec.state(state);
        assertEquals(AccountCodec.stateNames().stream().filter(n -> !n.equals(AccountCodec.EPISODE) || state.episode().isPresent())
                .collect(Collectors.toSet()), item.keySet());
        assertEquals(state, AccountCodec.state(Optional.of(item), Plan.Status.ACTIVE));
    }

    @Provide
    Arbitrary<Invoice> invoices() {
        Arbitrary<LocalDate> days = Arbitraries.integers().between(0, 400).map(d -> LocalDate.of(2026, 1, 1).plusDays(d));
        Arbitrary<BigDecimal> money = Arbitraries.integers().between(0, 1_000_000).map(c -> BigDecimal.valueOf(c, 2));
        return Combinators.combine(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8), days, days, money, money,
                Arbitraries.of(Invoice.Status.class), Arbitraries.of(true, false), Arbitraries.of(true, false))
                .as((id, issued, due, amount, balance, status, disputed, credit) ->
                        new Invoice(id, issued, due, amount, balance, status, disputed, credit, Set.of()))
                .flatMap(i -> Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(5).set().ofMaxSize(3).map(r ->
                        new Invoice(i.id(), i.issued(), i.due(), i.amount(), i.balance(), i.status(), i.disputed(), i.creditTaken(), r)));
    }

    @Property(tries = 300)
    void the_invoice_item_holds_every_field_of_the_invoice(@ForAll("invoices") Invoice inv) {
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item = AccountCodec.invoiceItem("A1", inv, "USD",
                Map.of());
        assertEquals(inv, AccountCodec.invoice(item));
        assertEquals(inv.openWithBalance(), item.containsKey(Keys.GSI2PK), "on the sparse due-date index exactly while open with a balance");
    }
}
