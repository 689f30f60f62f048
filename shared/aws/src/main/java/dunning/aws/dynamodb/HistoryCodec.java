package dunning.aws.dynamodb;

import dunning.domain.account.LedgerEntry;
import dunning.domain.engine.Decision;
import dunning.domain.plan.Plan;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The account's history collection HISTORY#&lt;id&gt;, kept apart from the account's own collection
 * so that collection's one Query stays small however long the history grows: ledger entries
 * (LEDGER#&lt;day&gt;#&lt;key&gt;) and decision records (DECISION#&lt;day&gt;#&lt;version&gt;).
 */
public final class HistoryCodec {
    public static final String SK_LEDGER = "LEDGER#";
    public static final String SK_DECISION = "DECISION#";
    /**
     * A decision record stays below this however much one evaluation saw: its level results are
     * bounded by the plan (at most {@code Publication.MAX_PLAN_BYTES} of text), and a day with
     * thousands of inbox events keeps its first event lines and says how many more there were
     * (their payments and credits are in the ledger all the same). Far inside DynamoDB's 400 KB item and a transaction's 4 MB.
     */
    public static final long MAX_DECISION_BYTES = 256 * 1024;

    private HistoryCodec() {}

    public static Map<String, AttributeValue> ledgerItem(String accountId, LedgerEntry e) {
        Map<String, AttributeValue> item = Attr.key(Keys.accountHistory(accountId), SK_LEDGER + e.day() + "#" + e.key());
        item.put(AccountItems.ACCOUNT_ID, Attr.s(accountId));
        item.put("entryKind", Attr.s(e.kind().name()));
        e.invoice().ifPresent(i -> item.put(AccountItems.INVOICE_ID, Attr.s(i)));
        item.put(AccountItems.AMOUNT, Attr.money(e.amount()));
        item.put(AccountItems.CURRENCY, Attr.s(e.currency()));
        item.put(AccountItems.BOOKED_ON, Attr.s(e.day().toString()));
        item.put("cause", Attr.s(e.cause()));
        item.put(AccountItems.SOURCE_KEY, Attr.s(e.key()));
        return item;
    }

    public static LedgerEntry ledgerEntry(Map<String, AttributeValue> item) {
        return new LedgerEntry(Attr.str(item, AccountItems.SOURCE_KEY), Attr.date(item, AccountItems.BOOKED_ON),
                LedgerEntry.Kind.valueOf(Attr.str(item, "entryKind")), Attr.optStr(item, AccountItems.INVOICE_ID),
                Attr.money(item, AccountItems.AMOUNT), Attr.str(item, AccountItems.CURRENCY), Attr.str(item, "cause"));
    }

    /** The decision of one evaluation; {@code version} (the account version it committed) orders a day's decisions. */
    public static Map<String, AttributeValue> decisionItem(Decision d, long version) {
        Map<String, AttributeValue> item = Attr.key(Keys.accountHistory(d.account()),
                SK_DECISION + d.asOf() + "#" + String.format("%020d", version));
        item.put(AccountItems.ACCOUNT_ID, Attr.s(d.account()));
        item.put("asOf", Attr.s(d.asOf().toString()));
        item.put("events", Attr.strings(d.events()));
        d.inputs().ifPresent(i -> {
            Map<String, AttributeValue> in = new LinkedHashMap<>();
            in.put("daysOverdue", Attr.n(i.daysOverdue()));
            in.put("overdueAmount", Attr.money(i.overdueAmount()));
            in.put("currency", Attr.s(i.currency()));
            in.put("minimum", Attr.money(i.minimum()));
            in.put("overdueInvoices", Attr.n(i.overdueInvoices()));
            i.path().ifPresent(p -> in.put("path", Attr.s(p.name())));
            in.put("planId", Attr.s(i.planId()));
            in.put("planVersion", Attr.n(i.planVersion()));
            i.episode().ifPresent(e -> in.put("episode", Attr.n(e)));
            item.put("inputs", AttributeValue.fromM(in));
        });
        List<AttributeValue> levels = new ArrayList<>();
        for (Decision.LevelResult r : d.levels()) {
            levels.add(AttributeValue.fromM(Map.of("level", Attr.s(r.level()), "outcome", Attr.s(r.outcome().name()),
                    "reason", Attr.s(r.reason()))));
        }
        item.put("levels", AttributeValue.fromL(levels));
        item.put("outcome", Attr.strings(d.outcome()));
        if (Items.size(item) > MAX_DECISION_BYTES) {
            keepEventsWithin(item, d.events());
        }
        return item;
    }

    /** Keeps the first event lines that fit, and one line saying how many were left out. */
    private static void keepEventsWithin(Map<String, AttributeValue> item, List<String> events) {
        item.put("events", Attr.strings(List.of()));
        long room = MAX_DECISION_BYTES - Items.size(item) - 200;
        List<String> kept = new ArrayList<>();
        for (String line : events) {
            long size = line.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1;
            if (size > room) {
                break;
            }
            kept.add(line);
            room -= size;
        }
        kept.add((events.size() - kept.size()) + " more event lines of this evaluation were left out to keep its record under "
                + MAX_DECISION_BYTES / 1024 + " KB");
        item.put("events", Attr.strings(kept));
    }

    public static Decision decision(Map<String, AttributeValue> item) {
        Optional<Decision.Inputs> inputs = Optional.ofNullable(item.get("inputs")).filter(AttributeValue::hasM).map(v -> {
            Map<String, AttributeValue> in = v.m();
            return new Decision.Inputs((int) Attr.num(in, "daysOverdue"), new BigDecimal(Attr.str(in, "overdueAmount")),
                    Attr.str(in, "currency"), new BigDecimal(Attr.str(in, "minimum")), (int) Attr.num(in, "overdueInvoices"),
                    Attr.optStr(in, "path").map(Plan.Path::valueOf), Attr.str(in, "planId"), (int) Attr.num(in, "planVersion"),
                    Attr.optNum(in, "episode").map(Long::intValue));
        });
        List<Decision.LevelResult> levels = new ArrayList<>();
        AttributeValue l = item.get("levels");
        if (l != null && l.hasL()) {
            for (AttributeValue v : l.l()) {
                Map<String, AttributeValue> m = v.m();
                levels.add(new Decision.LevelResult(Attr.str(m, "level"), Decision.Outcome.valueOf(Attr.str(m, "outcome")),
                        Attr.str(m, "reason")));
            }
        }
        return new Decision(Attr.str(item, AccountItems.ACCOUNT_ID), LocalDate.parse(Attr.str(item, "asOf")),
                Attr.strList(item, "events"), inputs, levels, Attr.strList(item, "outcome"));
    }
}
