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
        return m;
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
