package dunning.aws.dynamodb;

import dunning.domain.account.Customer;
import dunning.domain.account.DunningState;
import dunning.domain.account.Invoice;
import dunning.domain.account.PaymentPlan;
import dunning.domain.episode.Episode;
import dunning.domain.plan.Plan;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The account's items and the domain's account types, both ways: PROFILE to {@link Customer},
 * INVOICE# to {@link Invoice}, STATE to {@link DunningState}. Every attribute of these items is
 * named here and nowhere else; the round-trip test holds encode and decode to each other, so a new
 * field that one side forgets fails a test instead of being lost.
 */
public final class AccountCodec {
    // INVOICE, besides AccountItems' names
    static final String DISPUTED = "disputed";
    static final String CREDIT_TAKEN = "creditTaken";
    static final String REMINDERS = "reminders";
    // STATE
    static final String EPISODES = "episodes";
    static final String EPISODE = "episode";
    static final String STATUS = "status";
    static final String STATUS_BY_DUNNING = "statusSetByDunning";
    static final String STATUS_CHANGES = "statusChanges";
    static final String CREDIT = "credit";
    static final String EARMARKED = "earmarked";
    static final String RETRIES = "retries";
    static final String PAYMENT_PLANS = "paymentPlans";

    private AccountCodec() {}

    // ---- PROFILE ---------------------------------------------------------------------------------

    public static Customer customer(Map<String, AttributeValue> profile) {
        return new Customer(Attr.str(profile, AccountItems.ACCOUNT_ID), Attr.str(profile, AccountItems.CURRENCY),
                Set.copyOf(Attr.strList(profile, AccountItems.TAGS)),
                Attr.optMoney(profile, AccountItems.ANNUAL_REVENUE).orElse(BigDecimal.ZERO),
                (int) Attr.optNum(profile, AccountItems.COLLECTIONS_CASES).orElse(0L).longValue());
    }

    // ---- INVOICE ---------------------------------------------------------------------------------

    public static Invoice invoice(Map<String, AttributeValue> item) {
        AttributeValue reminders = item.get(REMINDERS);
        return new Invoice(Attr.str(item, AccountItems.INVOICE_ID), Attr.date(item, AccountItems.ISSUED),
                Attr.date(item, AccountItems.DUE), Attr.money(item, AccountItems.AMOUNT), Attr.money(item, AccountItems.BALANCE),
                Invoice.Status.valueOf(Attr.str(item, AccountItems.INVOICE_STATUS)), Attr.bool(item, DISPUTED, false),
                Attr.bool(item, CREDIT_TAKEN, false), reminders != null && reminders.hasSs() ? Set.copyOf(reminders.ss()) : Set.of());
    }

    /**
     * The invoice item for {@code inv}: the stored item's other attributes (number, lines) kept, the
     * dunning ones set, and the sparse due-date index entry present exactly while it is open with a balance.
     */
    public static Map<String, AttributeValue> invoiceItem(String accountId, Invoice inv, String currency,
                                                          Map<String, AttributeValue> stored) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(stored);
        item.putAll(Attr.key(Keys.account(accountId), Keys.invoiceSk(inv.id())));
        item.put(AccountItems.ACCOUNT_ID, Attr.s(accountId));
        item.put(AccountItems.INVOICE_ID, Attr.s(inv.id()));
        item.putIfAbsent(AccountItems.NUMBER, Attr.s(inv.id()));
        item.put(AccountItems.ISSUED, Attr.s(inv.issued().toString()));
        item.put(AccountItems.DUE, Attr.s(inv.due().toString()));
        item.put(AccountItems.CURRENCY, Attr.s(currency));
        item.put(AccountItems.AMOUNT, Attr.money(inv.amount()));
        item.put(AccountItems.BALANCE, Attr.money(inv.balance()));
        item.put(AccountItems.INVOICE_STATUS, Attr.s(inv.status().name()));
        item.put(DISPUTED, Attr.bool(inv.disputed()));
        item.put(CREDIT_TAKEN, Attr.bool(inv.creditTaken()));
        if (inv.reminders().isEmpty()) {
            item.remove(REMINDERS);
        } else {
            item.put(REMINDERS, AttributeValue.fromSs(List.copyOf(inv.reminders())));
        }
        if (inv.openWithBalance()) {
            item.put(Keys.GSI2PK, Attr.s(Keys.dueShardKey(Keys.dueShard(accountId))));
            item.put(Keys.GSI2SK, Attr.s(Keys.dueSortKey(inv.due(), accountId, inv.id())));
        } else {
            item.remove(Keys.GSI2PK);
            item.remove(Keys.GSI2SK);
        }
        return item;
    }

    // ---- STATE -----------------------------------------------------------------------------------

    /** The STATE item's dunning attributes (no keys, no version). */
    public static Map<String, AttributeValue> state(DunningState s) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put(EPISODES, Attr.n(s.episodes()));
        s.episode().ifPresent(e -> m.put(EPISODE, AttributeValue.fromM(episode(e))));
        m.put(STATUS, Attr.s(s.status().name()));
        m.put(STATUS_BY_DUNNING, Attr.bool(s.statusSetByDunning()));
        m.put(STATUS_CHANGES, Attr.n(s.statusChanges()));
        m.put(CREDIT, Attr.money(s.credit()));
        m.put(EARMARKED, list(s.earmarked(), e -> Map.of("invoice", Attr.s(e.invoice()), "amount", Attr.money(e.amount()),
                "cause", Attr.s(e.cause()))));
        m.put(RETRIES, list(s.retries(), r -> Map.of("on", Attr.s(r.on().toString()), "invoice", Attr.s(r.invoice()),
                "payment", Attr.s(r.payment()), "attempt", Attr.n(r.attempt()))));
        m.put(PAYMENT_PLANS, list(s.paymentPlans(), p -> Map.of("id", Attr.s(p.id()), "start", Attr.s(p.start().toString()),
                "invoices", Attr.strings(p.invoices()), "dueDates", Attr.strings(p.dueDates().stream().map(LocalDate::toString).toList()),
                "installments", Attr.strings(p.installments().stream().map(BigDecimal::toPlainString).toList()),
                "paid", Attr.money(p.paid()))));
        return m;
    }

    /** The state of a STATE item; an account that has none yet starts with the profile's status. */
    public static DunningState state(Optional<Map<String, AttributeValue>> item, Plan.Status profileStatus) {
        if (item.isEmpty() || !item.get().containsKey(STATUS)) {
            return DunningState.initial(profileStatus);
        }
        Map<String, AttributeValue> m = item.get();
        List<DunningState.Earmark> earmarked = new ArrayList<>();
        for (Map<String, AttributeValue> e : maps(m, EARMARKED)) {
            earmarked.add(new DunningState.Earmark(Attr.str(e, "invoice"), Attr.money(e, "amount"), Attr.str(e, "cause")));
        }
        List<DunningState.ScheduledRetry> retries = new ArrayList<>();
        for (Map<String, AttributeValue> r : maps(m, RETRIES)) {
            retries.add(new DunningState.ScheduledRetry(Attr.date(r, "on"), Attr.str(r, "invoice"), Attr.str(r, "payment"),
                    (int) Attr.num(r, "attempt")));
        }
        List<PaymentPlan> plans = new ArrayList<>();
        for (Map<String, AttributeValue> p : maps(m, PAYMENT_PLANS)) {
            plans.add(new PaymentPlan(Attr.str(p, "id"), Attr.date(p, "start"), Attr.strList(p, "invoices"),
                    Attr.strList(p, "dueDates").stream().map(LocalDate::parse).toList(),
                    Attr.strList(p, "installments").stream().map(BigDecimal::new).toList(), Attr.money(p, "paid")));
        }
        Optional<Episode> episode = Optional.ofNullable(m.get(EPISODE)).filter(AttributeValue::hasM).map(v -> episode(v.m()));
        return new DunningState((int) Attr.num(m, EPISODES), episode, Plan.Status.valueOf(Attr.str(m, STATUS)),
                Attr.bool(m, STATUS_BY_DUNNING, false), Attr.num(m, STATUS_CHANGES), Attr.money(m, CREDIT), earmarked, retries, plans);
    }

    private static Map<String, AttributeValue> episode(Episode e) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put("number", Attr.n(e.number()));
        m.put("openedOn", Attr.s(e.openedOn().toString()));
        m.put("path", Attr.s(e.path().name()));
        m.put("planId", Attr.s(e.planId()));
        m.put("planVersion", Attr.n(e.planVersion()));
        m.put("fired", list(e.fired(), AccountCodec::fired));
        e.lastFired().ifPresent(f -> m.put("lastFired", AttributeValue.fromM(fired(f))));
        e.lastFeeOn().ifPresent(d -> m.put("lastFeeOn", Attr.s(d.toString())));
        e.pendingApproval().ifPresent(p -> m.put("pendingApproval", Attr.s(p)));
        m.put("fees", Attr.money(e.fees()));
        return m;
    }

    private static Episode episode(Map<String, AttributeValue> m) {
        List<Episode.FiredLevel> fired = new ArrayList<>();
        for (Map<String, AttributeValue> f : maps(m, "fired")) {
            fired.add(fired(f));
        }
        return new Episode((int) Attr.num(m, "number"), Attr.date(m, "openedOn"), Plan.Path.valueOf(Attr.str(m, "path")),
                Attr.str(m, "planId"), (int) Attr.num(m, "planVersion"), fired,
                Optional.ofNullable(m.get("lastFired")).filter(AttributeValue::hasM).map(v -> fired(v.m())),
                Attr.optDate(m, "lastFeeOn"), Attr.optStr(m, "pendingApproval"), Attr.money(m, "fees"));
    }

    private static Map<String, AttributeValue> fired(Episode.FiredLevel f) {
        return Map.of("name", Attr.s(f.name()), "on", Attr.s(f.on().toString()));
    }

    private static Episode.FiredLevel fired(Map<String, AttributeValue> m) {
        return new Episode.FiredLevel(Attr.str(m, "name"), Attr.date(m, "on"));
    }

    private static <T> AttributeValue list(List<T> values, java.util.function.Function<T, Map<String, AttributeValue>> encode) {
        List<AttributeValue> l = new ArrayList<>(values.size());
        values.forEach(v -> l.add(AttributeValue.fromM(encode.apply(v))));
        return AttributeValue.fromL(l);
    }

    private static List<Map<String, AttributeValue>> maps(Map<String, AttributeValue> m, String name) {
        AttributeValue v = m.get(name);
        if (v == null || !v.hasL()) {
            return List.of();
        }
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        v.l().forEach(x -> out.add(x.m()));
        return out;
    }

    /** The attribute names the STATE codec writes, for the round-trip test's completeness check. */
    static Set<String> stateNames() {
        return new HashSet<>(List.of(EPISODES, EPISODE, STATUS, STATUS_BY_DUNNING, STATUS_CHANGES, CREDIT, EARMARKED, RETRIES,
                PAYMENT_PLANS));
    }
}
