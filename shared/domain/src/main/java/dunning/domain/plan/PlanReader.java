package dunning.domain.plan;

import dunning.domain.plan.Plan.Action;
import dunning.domain.plan.Plan.FeeSpec;
import dunning.domain.plan.Plan.Level;
import dunning.domain.plan.YamlNodes.Sign;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and checks plans (FORMAT.md). Every problem is reported with its field path; a plan with
 * any problem is never returned, so no partial plan is ever used.
 */
public final class PlanReader {
    static final Set<String> PLAN_FIELDS = new LinkedHashSet<>(List.of("id", "name", "active", "minimumOverdue",
            "graceDays", "catchUp", "retrySchedule", "reminders", "segments", "paths", "paymentFailedTemplate"));
    static final Set<String> LEVEL_FIELDS = new LinkedHashSet<>(List.of("name", "days", "waitDays", "minimumOverdue",
            "requiresApproval", "actions"));
    // the numbers a plan accepts, and why: docs/semantics.md, "numbers the readers accept"
    public static final int MAX_GRACE_DAYS = 365;
    public static final int MAX_LEVEL_DAYS = 3650;
    public static final int MAX_RETRY_DAY = 365;
    public static final int MAX_RETRIES = 20;
    public static final int MAX_DAYS_BEFORE_DUE = 365;
    public static final int MAX_SEGMENT_COUNT = 100_000;
    public static final int PERCENT_DECIMALS = 6;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    static final Set<String> ACTION_KINDS = new LinkedHashSet<>(List.of("email", "fee", "status", "event", "task", "retry"));

    private final TemplateNames templates;

    /** A reader that accepts the template names {@code templates} holds (every other check is the same). */
    public PlanReader(TemplateNames templates) {
        this.templates = templates;
    }

    /** The outcome of reading a file: the plans when there is no problem at all, else only the problems. */
    public record Result(List<Plan> plans, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** A plan file: one plan, or {@code plans: [..]}. */
    public Result readFile(Path file) {
        YamlLoad.Items<Plan> plans = YamlLoad.items(file, (root, y) -> {
            if (root instanceof Map<?, ?> m && m.containsKey("plans") && !m.containsKey("id")) {
                return y.map(root, "", YamlNodes.fields("plans")).flatMap(top -> y.required(top, "plans", ""))
                        .flatMap(list -> y.list(list, "plans")).map(list -> readPlans(list, "plans", y)).orElse(List.of());
            }
            return read(root, "", y).map(List::of).orElse(List.of());
        });
        return new Result(plans.items(), plans.problems());
    }

    /** One plan from its YAML text (as stored beside the accounts), named {@code label} in problems. */
    public Result readText(String yaml, String label) {
        Problems problems = new Problems(label);
        Object root = YamlLoad.text(yaml, label, problems);
        if (!problems.isEmpty()) {
            return new Result(List.of(), problems.all());
        }
        Optional<Plan> plan = read(root, "", new YamlNodes(problems));
        return problems.isEmpty() && plan.isPresent() ? new Result(List.of(plan.get()), List.of()) : new Result(List.of(), problems.all());
    }

    public List<Plan> readPlans(List<Object> list, String path, YamlNodes y) {
        List<Plan> plans = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String p = YamlNodes.index(path, i);
            read(list.get(i), p, y).ifPresent(plan -> {
                if (!ids.add(plan.id())) {
                    y.problems().add(YamlNodes.child(p, "id"), "duplicate plan id " + plan.id());
                }
                plans.add(plan);
            });
        }
        return plans;
    }

    /** One plan at {@code path}; empty when any of its fields has a problem (all are reported). */
    public Optional<Plan> read(Object node, String path, YamlNodes y) {
        Optional<Map<String, Object>> mapped = y.map(node, path, PLAN_FIELDS);
        if (mapped.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> m = mapped.get();
        Problems problems = y.problems();
        int before = problems.all().size();

        Optional<String> id = y.requiredText(m, "id", path);
        String name = m.containsKey("name") ? y.text(m.get("name"), YamlNodes.child(path, "name")).orElse("") : id.orElse("");
        boolean active = m.containsKey("active") ? y.bool(m.get("active"), YamlNodes.child(path, "active")).orElse(true) : true;
        Map<String, BigDecimal> minimum = m.containsKey("minimumOverdue")
                ? y.amounts(m.get("minimumOverdue"), YamlNodes.child(path, "minimumOverdue"), Sign.NOT_NEGATIVE) : Map.of();
        int grace = m.containsKey("graceDays") ? y.integer(m.get("graceDays"), YamlNodes.child(path, "graceDays"), 0, MAX_GRACE_DAYS).orElse(0) : 0;
        Plan.CatchUp catchUp = Plan.CatchUp.HIGHEST_ONLY;
        if (m.containsKey("catchUp")) {
            String p = YamlNodes.child(path, "catchUp");
            catchUp = y.text(m.get("catchUp"), p).flatMap(v -> enumValue(Plan.CatchUp.class, v, p, problems))
                    .orElse(Plan.CatchUp.HIGHEST_ONLY);
        }
        List<Integer> retries = new ArrayList<>();
        if (m.containsKey("retrySchedule")) {
            String p = YamlNodes.child(path, "retrySchedule");
            y.list(m.get("retrySchedule"), p).ifPresent(list -> {
                if (list.size() > MAX_RETRIES) {
                    problems.add(p, "at most " + MAX_RETRIES + " retries, got " + list.size());
                    return;
                }
                for (int i = 0; i < list.size(); i++) {
                    String rp = YamlNodes.index(p, i);
                    y.integer(list.get(i), rp, 1, MAX_RETRY_DAY).ifPresent(day -> {
                        if (retries.contains(day)) {
                            problems.add(rp, "day " + day + " is already in the schedule");
                        } else {
                            retries.add(day);
                        }
                    });
                }
            });
        }
        List<Plan.Reminder> reminders = new ArrayList<>();
        if (m.containsKey("reminders")) {
            String p = YamlNodes.child(path, "reminders");
            y.list(m.get("reminders"), p).ifPresent(list -> {
                for (int i = 0; i < list.size(); i++) {
                    String rp = YamlNodes.index(p, i);
                    y.map(list.get(i), rp, YamlNodes.fields("daysBeforeDue", "template")).ifPresent(r -> {
                        Optional<Integer> days = y.required(r, "daysBeforeDue", rp)
                                .flatMap(v -> y.integer(v, YamlNodes.child(rp, "daysBeforeDue"), 0, MAX_DAYS_BEFORE_DUE));
                        Optional<String> template = template(r, rp, y);
                        if (days.isPresent() && template.isPresent()) {
                            reminders.add(new Plan.Reminder(days.get(), template.get()));
                        }
                    });
                }
            });
        }
        Plan.Segments segments = m.containsKey("segments") ? segments(m.get("segments"), YamlNodes.child(path, "segments"), y)
                : Plan.Segments.NONE;
        String failedTemplate = "payment-failed";
        if (m.containsKey("paymentFailedTemplate")) {
            String p = YamlNodes.child(path, "paymentFailedTemplate");
            failedTemplate = y.text(m.get("paymentFailedTemplate"), p).orElse(failedTemplate);
            checkTemplate(failedTemplate, p, problems);
        }
        Map<Plan.Path, List<Level>> paths = new EnumMap<>(Plan.Path.class);
        y.required(m, "paths", path).flatMap(v -> y.map(v, YamlNodes.child(path, "paths"), null)).ifPresent(pm -> {
            String pp = YamlNodes.child(path, "paths");
            if (!pm.containsKey("STANDARD")) {
                problems.add(YamlNodes.child(pp, "STANDARD"), "required path is missing (VIP and HIGH_RISK fall back to it)");
            }
            pm.forEach((key, levels) -> {
                String lp = YamlNodes.child(pp, key);
                enumValue(Plan.Path.class, key, lp, problems).ifPresent(pathKey ->
                        paths.put(pathKey, levels(levels, lp, minimum, y)));
            });
        });
        if (problems.all().size() > before || id.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Plan(id.get(), name, active, Map.copyOf(minimum), grace, catchUp, List.copyOf(retries),
                List.copyOf(reminders), segments, paths, failedTemplate));
    }

    private Plan.Segments segments(Object node, String path, YamlNodes y) {
        Set<String> tags = new LinkedHashSet<>();
        Map<String, BigDecimal> revenue = new java.util.LinkedHashMap<>();
        Integer[] highRisk = new Integer[2];
        y.map(node, path, YamlNodes.fields("VIP", "HIGH_RISK")).ifPresent(m -> {
            if (m.containsKey("VIP")) {
                String vp = YamlNodes.child(path, "VIP");
                y.map(m.get("VIP"), vp, YamlNodes.fields("tags", "annualRevenueAtLeast")).ifPresent(v -> {
                    if (v.containsKey("tags")) {
                        y.list(v.get("tags"), YamlNodes.child(vp, "tags")).ifPresent(list -> {
                            for (int i = 0; i < list.size(); i++) {
                                y.text(list.get(i), YamlNodes.index(YamlNodes.child(vp, "tags"), i)).ifPresent(tags::add);
                            }
                        });
                    }
                    if (v.containsKey("annualRevenueAtLeast")) {
                        revenue.putAll(y.amounts(v.get("annualRevenueAtLeast"), YamlNodes.child(vp, "annualRevenueAtLeast"), Sign.NOT_NEGATIVE));
                    }
                });
            }
            if (m.containsKey("HIGH_RISK")) {
                String hp = YamlNodes.child(path, "HIGH_RISK");
                y.map(m.get("HIGH_RISK"), hp, YamlNodes.fields("overdueInvoicesAtLeast", "collectionsCasesAtLeast")).ifPresent(h -> {
                    if (h.containsKey("overdueInvoicesAtLeast")) {
                        highRisk[0] = y.integer(h.get("overdueInvoicesAtLeast"), YamlNodes.child(hp, "overdueInvoicesAtLeast"), 1, MAX_SEGMENT_COUNT)
                                .orElse(null);
                    }
                    if (h.containsKey("collectionsCasesAtLeast")) {
                        highRisk[1] = y.integer(h.get("collectionsCasesAtLeast"), YamlNodes.child(hp, "collectionsCasesAtLeast"), 1, MAX_SEGMENT_COUNT)
                                .orElse(null);
                    }
                });
            }
        });
        return new Plan.Segments(Set.copyOf(tags), Map.copyOf(revenue), Optional.ofNullable(highRisk[0]),
                Optional.ofNullable(highRisk[1]));
    }

    private List<Level> levels(Object node, String path, Map<String, BigDecimal> planMinimum, YamlNodes y) {
        List<Level> levels = new ArrayList<>();
        Problems problems = y.problems();
        y.list(node, path).ifPresent(list -> {
            if (list.isEmpty()) {
                problems.add(path, "a path needs at least one level");
            }
            Set<String> names = new HashSet<>();
            Integer previousDays = null;
            for (int i = 0; i < list.size(); i++) {
                String lp = YamlNodes.index(path, i);
                Optional<Map<String, Object>> lm = y.map(list.get(i), lp, LEVEL_FIELDS);
                if (lm.isEmpty()) {
                    continue;
                }
                Map<String, Object> l = lm.get();
                Optional<String> name = y.requiredText(l, "name", lp);
                name.ifPresent(n -> {
                    if (!names.add(n)) {
                        problems.add(YamlNodes.child(lp, "name"), "duplicate level name " + n + " in this path");
                    }
                });
                Optional<Integer> days = y.required(l, "days", lp).flatMap(v -> y.integer(v, YamlNodes.child(lp, "days"), 0, MAX_LEVEL_DAYS));
                if (days.isPresent() && previousDays != null && days.get() < previousDays) {
                    problems.add(YamlNodes.child(lp, "days"), "levels out of order: " + days.get()
                            + " days comes after a level at " + previousDays + " days");
                }
                if (days.isPresent()) {
                    previousDays = days.get();
                }
                int wait = l.containsKey("waitDays") ? y.integer(l.get("waitDays"), YamlNodes.child(lp, "waitDays"), 0, MAX_LEVEL_DAYS).orElse(0) : 0;
                Map<String, BigDecimal> minimum = l.containsKey("minimumOverdue")
                        ? y.amounts(l.get("minimumOverdue"), YamlNodes.child(lp, "minimumOverdue"), Sign.NOT_NEGATIVE) : Map.of();
                boolean approval = l.containsKey("requiresApproval")
                        && y.bool(l.get("requiresApproval"), YamlNodes.child(lp, "requiresApproval")).orElse(false);
                List<Action> actions = new ArrayList<>();
                y.required(l, "actions", lp).flatMap(v -> y.list(v, YamlNodes.child(lp, "actions"))).ifPresent(al -> {
                    if (al.isEmpty()) {
                        problems.add(YamlNodes.child(lp, "actions"), "a level needs at least one action");
                    }
                    for (int j = 0; j < al.size(); j++) {
                        action(al.get(j), YamlNodes.index(YamlNodes.child(lp, "actions"), j), planMinimum, y).ifPresent(actions::add);
                    }
                });
                if (name.isPresent() && days.isPresent()) {
                    levels.add(new Level(name.get(), days.get(), wait, Map.copyOf(minimum), approval, List.copyOf(actions)));
                }
            }
        });
        return List.copyOf(levels);
    }

    private Optional<Action> action(Object node, String path, Map<String, BigDecimal> planMinimum, YamlNodes y) {
        Problems problems = y.problems();
        Optional<Map<String, Object>> am = y.map(node, path, ACTION_KINDS);
        if (am.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> a = am.get();
        if (a.size() != 1) {
            problems.add(path, a.isEmpty() ? "an action needs one of " + String.join(", ", ACTION_KINDS)
                    : "an action has exactly one of " + String.join(", ", ACTION_KINDS) + ", got " + a.keySet());
            return Optional.empty();
        }
        String kind = a.keySet().iterator().next();
        String p = YamlNodes.child(path, kind);
        Object v = a.get(kind);
        switch (kind) {
            case "email": {
                return y.map(v, p, YamlNodes.fields("template")).flatMap(e -> template(e, p, y)).map(Action.Email::new);
            }
            case "status": {
                return y.text(v, p).flatMap(s -> enumValue(Plan.Status.class, s, p, problems)).map(Action.ChangeStatus::new);
            }
            case "event": {
                return y.map(v, p, YamlNodes.fields("detailType")).flatMap(e -> y.requiredText(e, "detailType", p))
                        .map(Action.PublishEvent::new);
            }
            case "task": {
                return y.map(v, p, YamlNodes.fields("kind", "note")).flatMap(t -> {
                    Optional<String> note = t.containsKey("note") ? y.text(t.get("note"), YamlNodes.child(p, "note")) : Optional.empty();
                    return y.requiredText(t, "kind", p).map(k -> new Action.Task(k, note));
                });
            }
            case "retry": {
                if (v != null) {
                    y.map(v, p, YamlNodes.fields());
                }
                return Optional.of(new Action.Retry());
            }
            default: {
                return fee(v, p, planMinimum, y);
            }
        }
    }

    private Optional<Action> fee(Object node, String path, Map<String, BigDecimal> planMinimum, YamlNodes y) {
        Problems problems = y.problems();
        Optional<Map<String, Object>> fm = y.map(node, path, YamlNodes.fields("fixed", "percent", "min", "max", "annualInterest", "service"));
        if (fm.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> f = fm.get();
        Optional<String> service = f.containsKey("service") ? y.text(f.get("service"), YamlNodes.child(path, "service")) : Optional.empty();
        List<String> forms = f.keySet().stream().filter(k -> Set.of("fixed", "percent", "annualInterest").contains(k)).toList();
        if (forms.size() != 1) {
            problems.add(path, "a fee has exactly one of fixed, percent, annualInterest, got " + (forms.isEmpty() ? "none" : forms));
            return Optional.empty();
        }
        if (!forms.get(0).equals("percent") && (f.containsKey("min") || f.containsKey("max"))) {
            problems.add(path, "min and max apply to a percent fee only");
        }
        switch (forms.get(0)) {
            case "fixed": {
                String p = YamlNodes.child(path, "fixed");
                Map<String, BigDecimal> amounts = y.amounts(f.get("fixed"), p, Sign.POSITIVE);
                for (String currency : planMinimum.keySet()) {
                    if (!amounts.containsKey(currency)) {
                        problems.add(p, "no amount for " + currency + ", a currency of the plan's minimumOverdue");
                    }
                }
                return Optional.of(new Action.Fee(new FeeSpec.Fixed(Map.copyOf(amounts)), service));
            }
            case "percent": {
                Optional<BigDecimal> pct = percentage(f.get("percent"), YamlNodes.child(path, "percent"), y);
                Map<String, BigDecimal> min = f.containsKey("min") ? y.amounts(f.get("min"), YamlNodes.child(path, "min"), Sign.NOT_NEGATIVE) : Map.of();
                Map<String, BigDecimal> max = f.containsKey("max") ? y.amounts(f.get("max"), YamlNodes.child(path, "max"), Sign.NOT_NEGATIVE) : Map.of();
                min.forEach((cur, lo) -> {
                    BigDecimal hi = max.get(cur);
                    if (hi != null && hi.compareTo(lo) < 0) {
                        problems.add(YamlNodes.child(YamlNodes.child(path, "max"), cur), "max " + hi + " is below min " + lo);
                    }
                });
                return pct.map(v -> new Action.Fee(new FeeSpec.Percent(v, Map.copyOf(min), Map.copyOf(max)), service));
            }
            default: {
                return percentage(f.get("annualInterest"), YamlNodes.child(path, "annualInterest"), y)
                        .map(v -> new Action.Fee(new FeeSpec.AnnualInterest(v), service));
            }
        }
    }

    /** A percent fee or an annual interest rate: more than 0, at most 100, at most 6 decimals. */
    private static Optional<BigDecimal> percentage(Object node, String path, YamlNodes y) {
        return y.decimal(node, path, PERCENT_DECIMALS, "a percentage has (" + PERCENT_DECIMALS + ")", Sign.POSITIVE)
                .filter(v -> {
                    if (v.compareTo(HUNDRED) > 0) {
                        y.problems().add(path, "a percentage is at most 100, got " + v.toPlainString());
                        return false;
                    }
                    return true;
                });
    }

    private Optional<String> template(Map<String, Object> m, String path, YamlNodes y) {
        Optional<String> t = y.requiredText(m, "template", path);
        t.ifPresent(name -> checkTemplate(name, YamlNodes.child(path, "template"), y.problems()));
        return t;
    }

    private void checkTemplate(String name, String path, Problems problems) {
        if (!templates.has(name)) {
            problems.add(path, templates.whyUnknown(name));
        }
    }

    static <E extends Enum<E>> Optional<E> enumValue(Class<E> type, String value, String path, Problems problems) {
        try {
            return Optional.of(Enum.valueOf(type, value));
        } catch (IllegalArgumentException e) {
            List<String> names = new ArrayList<>();
            for (E c : type.getEnumConstants()) {
                names.add(c.name());
            }
            problems.add(path, "unknown value " + value + " (expected one of " + String.join(", ", names) + ")");
            return Optional.empty();
        }
    }
}
