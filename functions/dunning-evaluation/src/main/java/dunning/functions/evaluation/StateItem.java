package dunning.functions.evaluation;

import dunning.aws.dynamodb.Attr;
import dunning.domain.engine.AccountState;
import dunning.domain.plan.Plan;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The STATE item of an account: its episode and what dunning remembers between days. */
final class StateItem {
    static final String VERSION = "version";

    private StateItem() {
    }

    /** The dunning attributes of the state, without keys or version: equal maps mean nothing changed. */
    static Map<String, AttributeValue> encode(AccountState a) {
        Map<String, AttributeValue> m = new TreeMap<>();
        m.put("episodeOpen", Attr.bool(a.episodeOpen));
        m.put("episode", Attr.n(a.episode));
        m.put("path", Attr.s(a.path.name()));
        m.put("lastFired", Attr.n(a.lastFired));
        if (a.lastFiredOn != null) {
            m.put("lastFiredOn", Attr.s(a.lastFiredOn.toString()));
        }
        if (a.lastFeeOn != null) {
            m.put("lastFeeOn", Attr.s(a.lastFeeOn.toString()));
        }
        m.put("pendingApproval", Attr.n(a.pendingApproval));
        m.put("statusSetByDunning", Attr.bool(a.statusSetByDunning));
        if (!a.remindersSent.isEmpty()) {
            m.put("remindersSent", AttributeValue.fromSs(new ArrayList<>(new java.util.TreeSet<>(a.remindersSent))));
        }
        if (!a.retries.isEmpty()) {
            Map<String, AttributeValue> retries = new HashMap<>();
            a.retries.forEach((day, invoices) -> retries.put(day.toString(), AttributeValue.fromSs(List.copyOf(
                    new java.util.TreeSet<>(invoices)))));
            m.put("retries", AttributeValue.fromM(retries));
        }
        List<AttributeValue> plans = paymentPlans(a);
        if (!plans.isEmpty()) {
            m.put("paymentPlans", AttributeValue.fromL(plans));
        }
        return m;
    }

    /** The plans still running, each with the invoices it holds. */
    private static List<AttributeValue> paymentPlans(AccountState a) {
        List<AccountState.PaymentPlanState> order = a.paymentPlans.stream().filter(p -> p.active).toList();
        Map<AccountState.PaymentPlanState, List<String>> plans = new java.util.IdentityHashMap<>();
        order.forEach(p -> plans.put(p, new ArrayList<>()));
        for (AccountState.InvoiceState inv : a.invoices) {
            if (inv.plan != null && plans.containsKey(inv.plan)) {
                plans.get(inv.plan).add(inv.id);
            }
        }
        List<AttributeValue> out = new ArrayList<>();
        for (AccountState.PaymentPlanState p : order) {
            Map<String, AttributeValue> plan = new TreeMap<>();
            plan.put("start", Attr.s(p.start.toString()));
            plan.put("dueDates", AttributeValue.fromL(p.dueDates.stream().map(d -> Attr.s(d.toString())).toList()));
            plan.put("installments", AttributeValue.fromL(p.installments.stream().map(Attr::money).toList()));
            plan.put("paid", Attr.money(p.paid));
            plan.put("active", Attr.bool(p.active));
            plan.put("invoices", AttributeValue.fromL(plans.get(p).stream().map(Attr::s).toList()));
            out.add(AttributeValue.fromM(plan));
        }
        return out;
    }

    static void decode(Map<String, AttributeValue> item, AccountState a) {
        a.episodeOpen = Attr.bool(item, "episodeOpen", false);
        a.episode = (int) Attr.optNum(item, "episode").orElse(0L).longValue();
        a.path = Attr.optStr(item, "path").map(Plan.Path::valueOf).orElse(Plan.Path.STANDARD);
        a.lastFired = (int) Attr.optNum(item, "lastFired").orElse(-1L).longValue();
        a.lastFiredOn = Attr.optDate(item, "lastFiredOn").orElse(null);
        a.lastFeeOn = Attr.optDate(item, "lastFeeOn").orElse(null);
        a.pendingApproval = (int) Attr.optNum(item, "pendingApproval").orElse(-1L).longValue();
        a.statusSetByDunning = Attr.bool(item, "statusSetByDunning", false);
        AttributeValue reminders = item.get("remindersSent");
        if (reminders != null && reminders.hasSs()) {
            a.remindersSent.addAll(reminders.ss());
        }
        AttributeValue retries = item.get("retries");
        if (retries != null && retries.hasM()) {
            retries.m().forEach((day, invoices) -> a.retries.put(LocalDate.parse(day), new ArrayList<>(invoices.ss())));
        }
        AttributeValue plans = item.get("paymentPlans");
        if (plans != null && plans.hasL()) {
            for (AttributeValue v : plans.l()) {
                Map<String, AttributeValue> p = v.m();
                AccountState.PaymentPlanState plan = new AccountState.PaymentPlanState(LocalDate.parse(Attr.str(p, "start")),
                        p.get("dueDates").l().stream().map(d -> LocalDate.parse(d.s())).toList(),
                        p.get("installments").l().stream().map(i -> new java.math.BigDecimal(i.s())).toList());
                plan.paid = Attr.money(p, "paid");
                plan.active = Attr.bool(p, "active", true);
                List<String> ids = p.get("invoices").l().stream().map(AttributeValue::s).toList();
                a.paymentPlans.add(plan);
                a.invoices.stream().filter(i -> ids.contains(i.id)).forEach(i -> i.plan = plan);
            }
        }
    }

    /** The stored state's own attributes, comparable with {@link #encode}. */
    static Map<String, AttributeValue> stored(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> m = new TreeMap<>(item);
        m.remove("pk");
        m.remove("sk");
        m.remove(VERSION);
        return m;
    }
}
