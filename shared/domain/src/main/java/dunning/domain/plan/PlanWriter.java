package dunning.domain.plan;

import dunning.domain.plan.Plan.Action;
import dunning.domain.plan.Plan.FeeSpec;
import dunning.domain.plan.Plan.Level;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * A plan as FORMAT.md YAML in one canonical form: every plan-level field written, fields in the
 * format's order, currencies and tags sorted, amounts as strings, a level's defaults (no
 * {@code waitDays}, no own minimum, no approval) left out. {@link PlanReader} reads it back to a
 * plan with the same content; two plans with the same content give the same text, so the text
 * is what "identical content" is compared on and what {@code dunning plan diff} compares line by line.
 */
public final class PlanWriter {
    private PlanWriter() {}

    /** The canonical YAML text of {@code plan} (its version number is not part of its content). */
    public static String yaml(Plan plan) {
        DumpSettings settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setWidth(200).build();
        return new Dump(settings).dumpToString(tree(plan));
    }

    static Map<String, Object> tree(Plan plan) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", plan.id());
        m.put("name", plan.name());
        m.put("active", plan.active());
        m.put("minimumOverdue", amounts(plan.minimumOverdue()));
        m.put("graceDays", plan.graceDays());
        m.put("catchUp", plan.catchUp().name());
        m.put("retrySchedule", List.copyOf(plan.retrySchedule()));
        List<Object> reminders = new ArrayList<>();
        for (Plan.Reminder r : plan.reminders()) {
            Map<String, Object> rm = new LinkedHashMap<>();
            rm.put("daysBeforeDue", r.daysBeforeDue());
            rm.put("template", r.template());
            reminders.add(rm);
        }
        m.put("reminders", reminders);
        Map<String, Object> segments = segments(plan.segments());
        if (!segments.isEmpty()) {
            m.put("segments", segments);
        }
        m.put("paymentFailedTemplate", plan.paymentFailedTemplate());
        Map<String, Object> paths = new LinkedHashMap<>();
        for (Plan.Path path : Plan.Path.values()) {
            List<Level> levels = plan.paths().get(path);
            if (levels != null) {
                List<Object> out = new ArrayList<>();
                levels.forEach(l -> out.add(level(l)));
                paths.put(path.name(), out);
            }
        }
        m.put("paths", paths);
        return m;
    }

    private static Map<String, Object> segments(Plan.Segments s) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> vip = new LinkedHashMap<>();
        if (!s.vipTags().isEmpty()) {
            vip.put("tags", new ArrayList<>(new TreeSet<>(s.vipTags())));
        }
        if (!s.vipAnnualRevenueAtLeast().isEmpty()) {
            vip.put("annualRevenueAtLeast", amounts(s.vipAnnualRevenueAtLeast()));
        }
        if (!vip.isEmpty()) {
            out.put("VIP", vip);
        }
        Map<String, Object> risk = new LinkedHashMap<>();
        s.highRiskOverdueInvoicesAtLeast().ifPresent(n -> risk.put("overdueInvoicesAtLeast", n));
        s.highRiskCollectionsCasesAtLeast().ifPresent(n -> risk.put("collectionsCasesAtLeast", n));
        if (!risk.isEmpty()) {
            out.put("HIGH_RISK", risk);
        }
        return out;
    }

    private static Map<String, Object> level(Level l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", l.name());
        m.put("days", l.days());
        if (l.waitDays() > 0) {
            m.put("waitDays", l.waitDays());
        }
        if (!l.minimumOverdue().isEmpty()) {
            m.put("minimumOverdue", amounts(l.minimumOverdue()));
        }
        if (l.requiresApproval()) {
            m.put("requiresApproval", true);
        }
        List<Object> actions = new ArrayList<>();
        l.actions().forEach(a -> actions.add(action(a)));
        m.put("actions", actions);
        return m;
    }

    private static Map<String, Object> action(Action a) {
        Map<String, Object> body = new LinkedHashMap<>();
        String kind;
        if (a instanceof Action.Email e) {
            kind = "email";
            body.put("template", e.template());
        } else if (a instanceof Action.Fee f) {
            kind = "fee";
            if (f.spec() instanceof FeeSpec.Fixed fixed) {
                body.put("fixed", amounts(fixed.amounts()));
            } else if (f.spec() instanceof FeeSpec.Percent p) {
                body.put("percent", p.percent().toPlainString());
                if (!p.min().isEmpty()) {
                    body.put("min", amounts(p.min()));
                }
                if (!p.max().isEmpty()) {
                    body.put("max", amounts(p.max()));
                }
            } else {
                body.put("annualInterest", ((FeeSpec.AnnualInterest) f.spec()).percent().toPlainString());
            }
            f.service().ifPresent(s -> body.put("service", s));
        } else if (a instanceof Action.ChangeStatus c) {
            return Map.of("status", c.status().name());
        } else if (a instanceof Action.PublishEvent e) {
            kind = "event";
            body.put("detailType", e.detailType());
        } else if (a instanceof Action.Task t) {
            kind = "task";
            body.put("kind", t.kind());
            t.note().ifPresent(n -> body.put("note", n));
        } else {
            kind = "retry";
        }
        return Map.of(kind, body);
    }

    private static Map<String, Object> amounts(Map<String, BigDecimal> amounts) {
        Map<String, Object> out = new TreeMap<>();
        amounts.forEach((currency, amount) -> out.put(currency, amount.toPlainString()));
        return out;
    }
}
