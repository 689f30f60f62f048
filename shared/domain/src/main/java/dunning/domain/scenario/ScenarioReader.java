package dunning.domain.scenario;

import static dunning.domain.plan.YamlNodes.child;
import static dunning.domain.plan.YamlNodes.index;

import dunning.domain.plan.Plan;
import dunning.domain.plan.Plan.Action;
import dunning.domain.plan.Plan.FeeSpec;
import dunning.domain.plan.PlanReader;
import dunning.domain.plan.Problems;
import dunning.domain.plan.TemplateNames;
import dunning.domain.plan.YamlLoad;
import dunning.domain.plan.YamlNodes;
import dunning.domain.scenario.Scenario.Event;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads and checks a scenario file (FORMAT.md); like plans, all problems at once, and nothing partial. */
public final class ScenarioReader {
    static final Set<String> FIELDS = new LinkedHashSet<>(List.of("name", "start", "days", "plans", "arTerms",
            "accounts", "invoices", "events", "expect", "final"));
    static final Set<String> ACCOUNT_FIELDS = new LinkedHashSet<>(List.of("id", "name", "email", "currency", "arTerm",
            "timezone", "locale", "tags", "annualRevenue", "exempt", "externalIds", "collectionsCases", "billGroup"));
    static final Set<String> EXPECT_KINDS = new LinkedHashSet<>(List.of("email", "fee", "status", "event", "task",
            "retry", "approvalRequested"));

    // a scenario checks decisions, not wording: any template name, every other plan check (FORMAT.md)
    private final PlanReader planReader = new PlanReader(TemplateNames.any());

    public record Result(Optional<Scenario> scenario, List<String> problems) {}

    public Result read(Path file) {
        Problems problems = new Problems(file.toString());
        Object root = YamlLoad.file(file, problems);
        if (root == null) {
            return new Result(Optional.empty(), problems.all());
        }
        YamlNodes y = new YamlNodes(problems);
        Optional<Map<String, Object>> top = y.map(root, "", FIELDS);
        if (top.isEmpty()) {
            return new Result(Optional.empty(), problems.all());
        }
        Map<String, Object> m = top.get();
        String name = m.containsKey("name") ? y.text(m.get("name"), "name").orElse("") : file.getFileName().toString();
        Optional<LocalDate> start = y.required(m, "start", "").flatMap(v -> y.date(v, "start"));
        Optional<Integer> days = y.required(m, "days", "").flatMap(v -> y.integer(v, "days", 1));

        List<Plan> plans = y.required(m, "plans", "").flatMap(v -> y.list(v, "plans"))
                .map(list -> planReader.readPlans(list, "plans", y)).orElse(List.of());
        Map<String, Plan> planById = new HashMap<>();
        plans.forEach(p -> planById.put(p.id(), p));

        List<Scenario.ArTerm> terms = new ArrayList<>();
        y.required(m, "arTerms", "").flatMap(v -> y.list(v, "arTerms")).ifPresent(list -> {
            for (int i = 0; i < list.size(); i++) {
                String p = index("arTerms", i);
                y.map(list.get(i), p, Set.of("id", "netDays", "plan")).ifPresent(t -> {
                    Optional<String> id = y.requiredText(t, "id", p);
                    Optional<Integer> net = y.required(t, "netDays", p).flatMap(v -> y.integer(v, child(p, "netDays"), 0));
                    Optional<String> plan = y.requiredText(t, "plan", p);
                    plan.filter(pl -> !planById.containsKey(pl) && problems.all().stream().noneMatch(s -> s.contains(": plans[")))
                            .ifPresent(pl -> problems.add(child(p, "plan"), "unknown plan " + pl));
                    if (id.isPresent() && net.isPresent() && plan.isPresent()) {
                        terms.add(new Scenario.ArTerm(id.get(), net.get(), plan.get()));
                    }
                });
            }
        });
        Map<String, Scenario.ArTerm> termById = new HashMap<>();
        terms.forEach(t -> termById.put(t.id(), t));

        List<Scenario.Account> accounts = new ArrayList<>();
        y.required(m, "accounts", "").flatMap(v -> y.list(v, "accounts")).ifPresent(list -> {
            for (int i = 0; i < list.size(); i++) {
                account(list.get(i), index("accounts", i), termById, planById, y).ifPresent(accounts::add);
            }
        });
        Map<String, Scenario.Account> accountById = new LinkedHashMap<>();
        for (int i = 0; i < accounts.size(); i++) {
            if (accountById.put(accounts.get(i).id(), accounts.get(i)) != null) {
                problems.add(child(index("accounts", i), "id"), "duplicate account id " + accounts.get(i).id());
            }
        }

        List<Scenario.Invoice> invoices = new ArrayList<>();
        if (m.containsKey("invoices")) {
            y.list(m.get("invoices"), "invoices").ifPresent(list -> {
                for (int i = 0; i < list.size(); i++) {
                    String p = index("invoices", i);
                    y.map(list.get(i), p, Set.of("id", "account", "issued", "due", "amount", "number")).ifPresent(inv -> {
                        Optional<String> id = y.requiredText(inv, "id", p);
                        Optional<String> acc = y.requiredText(inv, "account", p).filter(a -> known(a, accountById, child(p, "account"), problems));
                        Optional<LocalDate> issued = y.required(inv, "issued", p).flatMap(v -> y.date(v, child(p, "issued")));
                        Optional<LocalDate> due = inv.containsKey("due") ? y.date(inv.get("due"), child(p, "due")) : Optional.empty();
                        Optional<BigDecimal> amount = y.required(inv, "amount", p).flatMap(v -> y.amount(v, child(p, "amount"), false));
                        if (id.isPresent() && acc.isPresent() && issued.isPresent() && amount.isPresent()) {
                            Scenario.Account a = accountById.get(acc.get());
                            LocalDate dueDate = due.orElseGet(() -> issued.get().plusDays(termById.get(a.arTerm()).netDays()));
                            if (dueDate.isBefore(issued.get())) {
                                problems.add(child(p, "due"), "due date " + dueDate + " is before the issue date " + issued.get());
                            }
                            invoices.add(new Scenario.Invoice(id.get(), acc.get(), issued.get(), dueDate, amount.get()));
                        }
                    });
                }
            });
        }
        Map<String, Scenario.Invoice> invoiceById = new HashMap<>();
        invoices.forEach(inv -> {
            if (invoiceById.put(inv.id(), inv) != null) {
                problems.add("invoices", "duplicate invoice id " + inv.id());
            }
        });
        // a fixed fee needs an amount in the currency of every account whose plan charges it
        for (Scenario.Account a : accountById.values()) {
            Plan plan = planById.get(termById.get(a.arTerm()).plan());
            if (plan == null) {
                continue;
            }
            plan.paths().forEach((path, levels) -> levels.forEach(level -> level.actions().forEach(action -> {
                if (action instanceof Action.Fee fee && fee.spec() instanceof FeeSpec.Fixed fixed
                        && !fixed.amounts().containsKey(a.currency())) {
                    problems.add("plans[" + plans.indexOf(plan) + "].paths." + path + "[" + levels.indexOf(level) + "]",
                            "fixed fee has no amount in " + a.currency() + ", the currency of account " + a.id());
                }
            })));
        }

        List<Event> events = new ArrayList<>();
        if (m.containsKey("events")) {
            y.list(m.get("events"), "events").ifPresent(list -> {
                for (int i = 0; i < list.size(); i++) {
                    event(list.get(i), index("events", i), accountById, invoiceById, y).ifPresent(events::add);
                }
            });
        }
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            List<String> named = new ArrayList<>();
            String owner = null;
            if (e instanceof Event.Payment p) {
                p.invoice().ifPresent(named::add);
                owner = p.account();
            } else if (e instanceof Event.PaymentFailed f) {
                named.add(f.invoice());
                owner = f.account();
            } else if (e instanceof Event.PaymentPlan pp) {
                named.addAll(pp.invoices());
                owner = pp.account();
            }
            for (String invoice : named) {
                if (owner != null && !invoiceById.get(invoice).account().equals(owner)) {
                    problems.add(index("events", i), "invoice " + invoice + " belongs to account "
                            + invoiceById.get(invoice).account() + ", not " + owner);
                }
            }
        }
        List<Scenario.Expected> expected = new ArrayList<>();
        if (m.containsKey("expect")) {
            y.list(m.get("expect"), "expect").ifPresent(list -> {
                for (int i = 0; i < list.size(); i++) {
                    expected(list.get(i), index("expect", i), accountById, y).ifPresent(expected::add);
                }
            });
        }
        List<Scenario.FinalLine> finals = new ArrayList<>();
        if (m.containsKey("final")) {
            y.list(m.get("final"), "final").ifPresent(list -> {
                for (int i = 0; i < list.size(); i++) {
                    String p = index("final", i);
                    y.map(list.get(i), p, Set.of("account", "status", "balance")).ifPresent(f -> {
                        Optional<String> acc = y.requiredText(f, "account", p).filter(a -> known(a, accountById, child(p, "account"), problems));
                        Optional<String> status = f.containsKey("status") ? y.text(f.get("status"), child(p, "status"))
                                .filter(s -> statusKnown(s, child(p, "status"), problems)) : Optional.empty();
                        Optional<BigDecimal> balance = f.containsKey("balance")
                                ? y.amount(f.get("balance"), child(p, "balance"), true) : Optional.empty();
                        acc.ifPresent(a -> finals.add(new Scenario.FinalLine(a, status, balance, Optional.empty())));
                    });
                }
            });
        }
        if (!problems.isEmpty() || start.isEmpty() || days.isEmpty()) {
            return new Result(Optional.empty(), problems.all());
        }
        return new Result(Optional.of(new Scenario(name, start.get(), days.get(), plans, terms,
                List.copyOf(accountById.values()), invoices, events, expected, finals)), List.of());
    }

    private Optional<Scenario.Account> account(Object node, String p, Map<String, Scenario.ArTerm> terms,
                                               Map<String, Plan> plans, YamlNodes y) {
        Problems problems = y.problems();
        return y.map(node, p, ACCOUNT_FIELDS).flatMap(a -> {
            Optional<String> id = y.requiredText(a, "id", p);
            String name = a.containsKey("name") ? y.text(a.get("name"), child(p, "name")).orElse("") : id.orElse("");
            String email = a.containsKey("email") ? y.text(a.get("email"), child(p, "email")).orElse("") : "";
            Optional<String> currency = y.requiredText(a, "currency", p);
            currency.filter(c -> !c.matches("[A-Z]{3}") || !dunning.domain.money.Currencies.isKnown(c))
                    .ifPresent(c -> problems.add(child(p, "currency"), "unknown currency code " + c));
            Optional<String> term = y.requiredText(a, "arTerm", p);
            term.filter(t -> !terms.containsKey(t)).ifPresent(t -> problems.add(child(p, "arTerm"), "unknown AR term " + t));
            String zone = a.containsKey("timezone") ? y.text(a.get("timezone"), child(p, "timezone")).orElse("UTC") : "UTC";
            try {
                ZoneId.of(zone);
            } catch (DateTimeException e) {
                problems.add(child(p, "timezone"), "unknown time zone " + zone);
            }
            String locale = a.containsKey("locale") ? y.text(a.get("locale"), child(p, "locale")).orElse("en") : "en";
            Set<String> tags = new LinkedHashSet<>();
            if (a.containsKey("tags")) {
                y.list(a.get("tags"), child(p, "tags")).ifPresent(list -> {
                    for (int i = 0; i < list.size(); i++) {
                        y.text(list.get(i), index(child(p, "tags"), i)).ifPresent(tags::add);
                    }
                });
            }
            BigDecimal revenue = a.containsKey("annualRevenue")
                    ? y.amount(a.get("annualRevenue"), child(p, "annualRevenue"), false).orElse(BigDecimal.ZERO) : BigDecimal.ZERO;
            boolean exempt = a.containsKey("exempt") && y.bool(a.get("exempt"), child(p, "exempt")).orElse(false);
            Map<String, String> external = new LinkedHashMap<>();
            if (a.containsKey("externalIds")) {
                y.map(a.get("externalIds"), child(p, "externalIds"), null).ifPresent(em -> em.forEach((k, v) ->
                        y.text(v, child(child(p, "externalIds"), k)).ifPresent(s -> external.put(k, s))));
            }
            int cases = a.containsKey("collectionsCases")
                    ? y.integer(a.get("collectionsCases"), child(p, "collectionsCases"), 0).orElse(0) : 0;
            if (id.isEmpty() || currency.isEmpty() || term.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Scenario.Account(id.get(), name, email, currency.get(), term.get(), zone, locale,
                    Set.copyOf(tags), revenue, exempt, Map.copyOf(external), cases));
        });
    }

    private Optional<Event> event(Object node, String p, Map<String, Scenario.Account> accounts,
                                  Map<String, Scenario.Invoice> invoices, YamlNodes y) {
        Problems problems = y.problems();
        Set<String> kinds = Set.of("payment", "paymentFailed", "paymentPlan", "dispute", "approve", "exempt");
        Set<String> fields = new LinkedHashSet<>(kinds);
        fields.add("day");
        return y.map(node, p, fields).flatMap(e -> {
            Optional<LocalDate> day = y.required(e, "day", p).flatMap(v -> y.date(v, child(p, "day")));
            List<String> present = e.keySet().stream().filter(kinds::contains).toList();
            if (present.size() != 1) {
                problems.add(p, "an event has exactly one of " + String.join(", ", kinds) + ", got " + present);
                return Optional.empty();
            }
            String kind = present.get(0);
            String kp = child(p, kind);
            if (day.isEmpty()) {
                return Optional.empty();
            }
            LocalDate d = day.get();
            switch (kind) {
                case "payment": {
                    return y.map(e.get(kind), kp, Set.of("account", "amount", "invoice")).flatMap(v -> {
                        Optional<String> acc = account(v, kp, accounts, y);
                        Optional<BigDecimal> amount = y.required(v, "amount", kp).flatMap(a -> y.amount(a, child(kp, "amount"), false));
                        Optional<String> inv = v.containsKey("invoice") ? invoice(v, kp, invoices, y) : Optional.empty();
                        return acc.isPresent() && amount.isPresent() && (inv.isPresent() || !v.containsKey("invoice"))
                                ? Optional.of(new Event.Payment(d, acc.get(), amount.get(), inv)) : Optional.empty();
                    });
                }
                case "paymentFailed": {
                    return y.map(e.get(kind), kp, Set.of("account", "invoice", "declineCode")).flatMap(v -> {
                        Optional<String> acc = account(v, kp, accounts, y);
                        Optional<String> inv = invoice(v, kp, invoices, y);
                        Optional<String> code = y.requiredText(v, "declineCode", kp);
                        return acc.isPresent() && inv.isPresent() && code.isPresent()
                                ? Optional.of(new Event.PaymentFailed(d, acc.get(), inv.get(), code.get())) : Optional.empty();
                    });
                }
                case "paymentPlan": {
                    return y.map(e.get(kind), kp, Set.of("account", "invoices", "installments", "everyDays")).flatMap(v -> {
                        Optional<String> acc = account(v, kp, accounts, y);
                        List<String> ids = new ArrayList<>();
                        y.required(v, "invoices", kp).flatMap(l -> y.list(l, child(kp, "invoices"))).ifPresent(l -> {
                            for (int i = 0; i < l.size(); i++) {
                                String ip = index(child(kp, "invoices"), i);
                                y.text(l.get(i), ip).ifPresent(id -> {
                                    if (invoices.containsKey(id)) {
                                        ids.add(id);
                                    } else {
                                        problems.add(ip, "unknown invoice " + id);
                                    }
                                });
                            }
                        });
                        Optional<Integer> n = y.required(v, "installments", kp).flatMap(x -> y.integer(x, child(kp, "installments"), 1));
                        Optional<Integer> every = y.required(v, "everyDays", kp).flatMap(x -> y.integer(x, child(kp, "everyDays"), 1));
                        return acc.isPresent() && n.isPresent() && every.isPresent() && !ids.isEmpty()
                                ? Optional.of(new Event.PaymentPlan(d, acc.get(), List.copyOf(ids), n.get(), every.get())) : Optional.empty();
                    });
                }
                case "dispute": {
                    return y.map(e.get(kind), kp, Set.of("invoice", "open")).flatMap(v -> {
                        Optional<String> inv = invoice(v, kp, invoices, y);
                        Optional<Boolean> open = y.required(v, "open", kp).flatMap(o -> y.bool(o, child(kp, "open")));
                        return inv.isPresent() && open.isPresent() ? Optional.of(new Event.Dispute(d, inv.get(), open.get())) : Optional.empty();
                    });
                }
                case "approve": {
                    return y.map(e.get(kind), kp, Set.of("account", "level")).flatMap(v -> {
                        Optional<String> acc = account(v, kp, accounts, y);
                        Optional<String> level = y.requiredText(v, "level", kp);
                        return acc.isPresent() && level.isPresent() ? Optional.of(new Event.Approve(d, acc.get(), level.get())) : Optional.empty();
                    });
                }
                default: {
                    return y.map(e.get(kind), kp, Set.of("account", "value")).flatMap(v -> {
                        Optional<String> acc = account(v, kp, accounts, y);
                        Optional<Boolean> value = y.required(v, "value", kp).flatMap(o -> y.bool(o, child(kp, "value")));
                        return acc.isPresent() && value.isPresent() ? Optional.of(new Event.Exempt(d, acc.get(), value.get())) : Optional.empty();
                    });
                }
            }
        });
    }

    private Optional<Scenario.Expected> expected(Object node, String p, Map<String, Scenario.Account> accounts, YamlNodes y) {
        Problems problems = y.problems();
        Set<String> fields = new LinkedHashSet<>(List.of("day", "account", "level"));
        fields.addAll(EXPECT_KINDS);
        return y.map(node, p, fields).flatMap(e -> {
            Optional<LocalDate> day = y.required(e, "day", p).flatMap(v -> y.date(v, child(p, "day")));
            Optional<String> acc = account(e, p, accounts, y);
            Optional<String> level = e.containsKey("level") ? y.text(e.get("level"), child(p, "level")) : Optional.empty();
            List<String> present = e.keySet().stream().filter(EXPECT_KINDS::contains).toList();
            if (present.size() != 1) {
                problems.add(p, "an expect entry has exactly one of " + String.join(", ", EXPECT_KINDS) + ", got " + present);
                return Optional.empty();
            }
            String kind = present.get(0);
            Object raw = e.get(kind);
            String kp = child(p, kind);
            Optional<String> value;
            switch (kind) {
                case "fee":
                    value = y.amount(raw, kp, false).map(BigDecimal::toPlainString);
                    break;
                case "retry":
                case "approvalRequested":
                    value = y.bool(raw, kp).map(String::valueOf);
                    break;
                case "status":
                    value = y.text(raw, kp).filter(s -> statusKnown(s, kp, problems));
                    break;
                default:
                    value = y.text(raw, kp);
            }
            if (day.isEmpty() || acc.isEmpty() || value.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Scenario.Expected(day.get(), acc.get(), level, kind, value.get()));
        });
    }

    private static Optional<String> account(Map<String, Object> m, String p, Map<String, Scenario.Account> accounts, YamlNodes y) {
        return y.requiredText(m, "account", p).filter(a -> known(a, accounts, child(p, "account"), y.problems()));
    }

    private static Optional<String> invoice(Map<String, Object> m, String p, Map<String, Scenario.Invoice> invoices, YamlNodes y) {
        return y.requiredText(m, "invoice", p).filter(i -> {
            if (!invoices.containsKey(i)) {
                y.problems().add(child(p, "invoice"), "unknown invoice " + i);
                return false;
            }
            return true;
        });
    }

    private static boolean known(String id, Map<String, ?> ids, String path, Problems problems) {
        if (!ids.containsKey(id)) {
            problems.add(path, "unknown account " + id);
            return false;
        }
        return true;
    }

    private static boolean statusKnown(String s, String path, Problems problems) {
        try {
            Plan.Status.valueOf(s);
            return true;
        } catch (IllegalArgumentException e) {
            problems.add(path, "unknown status " + s + " (expected ACTIVE, SUSPENDED, IN_COLLECTIONS, LEGAL or WRITTEN_OFF)");
            return false;
        }
    }
}
