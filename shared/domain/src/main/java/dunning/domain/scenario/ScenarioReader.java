package dunning.domain.scenario;

import static dunning.domain.plan.YamlNodes.child;
import static dunning.domain.plan.YamlNodes.fields;
import static dunning.domain.plan.YamlNodes.index;

import dunning.domain.money.Currencies;
import dunning.domain.plan.Plan;
import dunning.domain.plan.Plan.Action;
import dunning.domain.plan.Plan.FeeSpec;
import dunning.domain.plan.ArTermsReader;
import dunning.domain.plan.PlanReader;
import dunning.domain.plan.Problems;
import dunning.domain.plan.TemplateNames;
import dunning.domain.plan.YamlLoad;
import dunning.domain.plan.YamlNodes;
import dunning.domain.plan.YamlNodes.Sign;
import dunning.domain.scenario.Scenario.Event;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
    static final Set<String> INVOICE_FIELDS = new LinkedHashSet<>(List.of("id", "account", "issued", "due", "amount", "number"));
    static final Set<String> EVENT_KINDS = new LinkedHashSet<>(List.of("payment", "paymentFailed", "paymentPlan", "dispute",
            "approve", "exempt", "void", "creditNote", "refund", "publishPlan"));
    static final Set<String> EXPECT_KINDS = new LinkedHashSet<>(List.of("email", "fee", "status", "event", "task",
            "retry", "approvalRequested"));
    static final Set<String> FINAL_FIELDS = new LinkedHashSet<>(List.of("account", "status", "balance", "credit"));

    // the numbers a scenario accepts, and why: docs/semantics.md, "numbers the readers accept"
    public static final int MAX_DAYS = 3660;
    public static final int MAX_NET_DAYS = ArTermsReader.MAX_NET_DAYS;
    public static final int MAX_COLLECTIONS_CASES = 100_000;
    public static final int MAX_INSTALLMENTS = 60;
    public static final int MAX_EVERY_DAYS = 366;

    // a scenario checks decisions, not wording: any template name, every other plan check (FORMAT.md)
    private final PlanReader planReader = new PlanReader(TemplateNames.any());

    public record Result(Optional<Scenario> scenario, List<String> problems) {}

    public Result read(Path file) {
        Problems problems = new Problems(file.toString());
        Object root = YamlLoad.file(file, problems);
        if (root == null) {
            return new Result(Optional.empty(), problems.all());
        }
        return new OneFile(new YamlNodes(problems)).read(root, file.getFileName().toString());
    }

    /** The state of reading one file: what has been read so far, for the references later parts make. */
    private final class OneFile {
        final YamlNodes y;
        final Problems problems;
        /** Every plan id written under {@code plans}, valid or not, at its first index: a broken plan is not also "unknown". */
        final Map<String, Integer> declaredPlans = new HashMap<>();
        final Map<String, Plan> planById = new LinkedHashMap<>();
        /** Likewise every AR term id written under {@code arTerms}. */
        final Set<String> declaredTerms = new HashSet<>();
        final Map<String, Scenario.ArTerm> termById = new LinkedHashMap<>();
        final Map<String, Scenario.Account> accountById = new LinkedHashMap<>();
        final Map<String, Scenario.Invoice> invoiceById = new LinkedHashMap<>();

        OneFile(YamlNodes y) {
            this.y = y;
            this.problems = y.problems();
        }

        Result read(Object root, String fileName) {
            Optional<Map<String, Object>> top = y.map(root, "", FIELDS);
            if (top.isEmpty()) {
                return new Result(Optional.empty(), problems.all());
            }
            Map<String, Object> m = top.get();
            String name = m.containsKey("name") ? y.text(m.get("name"), "name").orElse("") : fileName;
            Optional<LocalDate> start = y.required(m, "start", "").flatMap(v -> y.date(v, "start"));
            Optional<Integer> days = y.required(m, "days", "").flatMap(v -> y.integer(v, "days", 1, MAX_DAYS));

            List<Plan> plans = y.required(m, "plans", "").flatMap(v -> y.list(v, "plans")).map(list -> {
                for (int i = 0; i < list.size(); i++) {
                    if (list.get(i) instanceof Map<?, ?> raw && raw.get("id") instanceof String id) {
                        declaredPlans.putIfAbsent(id, i);
                    }
                }
                return planReader.readPlans(list, "plans", y);
            }).orElse(List.of());
            plans.forEach(p -> planById.putIfAbsent(p.id(), p));

            y.required(m, "arTerms", "").flatMap(v -> y.list(v, "arTerms")).ifPresent(list -> {
                list.forEach(t -> {
                    if (t instanceof Map<?, ?> raw && raw.get("id") instanceof String id) {
                        declaredTerms.add(id);
                    }
                });
                for (int i = 0; i < list.size(); i++) {
                    String p = index("arTerms", i);
                    arTerm(list.get(i), p).ifPresent(t -> {
                        if (termById.putIfAbsent(t.id(), t) != null) {
                            problems.add(child(p, "id"), "duplicate AR term id " + t.id());
                        }
                    });
                }
            });
            y.required(m, "accounts", "").flatMap(v -> y.list(v, "accounts")).ifPresent(list -> {
                for (int i = 0; i < list.size(); i++) {
                    String p = index("accounts", i);
                    readAccount(list.get(i), p).ifPresent(a -> {
                        if (accountById.putIfAbsent(a.id(), a) != null) {
                            problems.add(child(p, "id"), "duplicate account id " + a.id());
                        }
                    });
                }
            });
            if (m.containsKey("invoices")) {
                y.list(m.get("invoices"), "invoices").ifPresent(list -> {
                    for (int i = 0; i < list.size(); i++) {
                        String p = index("invoices", i);
                        readInvoice(list.get(i), p).ifPresent(inv -> {
                            if (invoiceById.putIfAbsent(inv.id(), inv) != null) {
                                problems.add(child(p, "id"), "duplicate invoice id " + inv.id());
                            }
                        });
                    }
                });
            }
            planById.values().forEach(plan -> fixedFeesCover(plan, index("plans", declaredPlans.get(plan.id()))));

            List<Event> events = new ArrayList<>();
            if (m.containsKey("events")) {
                y.list(m.get("events"), "events").ifPresent(list -> {
                    for (int i = 0; i < list.size(); i++) {
                        event(list.get(i), index("events", i)).ifPresent(events::add);
                    }
                });
            }
            List<Scenario.Expected> expected = new ArrayList<>();
            if (m.containsKey("expect")) {
                y.list(m.get("expect"), "expect").ifPresent(list -> {
                    for (int i = 0; i < list.size(); i++) {
                        expected(list.get(i), index("expect", i)).ifPresent(expected::add);
                    }
                });
            }
            List<Scenario.FinalLine> finals = new ArrayList<>();
            if (m.containsKey("final")) {
                y.list(m.get("final"), "final").ifPresent(list -> {
                    for (int i = 0; i < list.size(); i++) {
                        finalLine(list.get(i), index("final", i)).ifPresent(finals::add);
                    }
                });
            }
            if (!problems.isEmpty() || start.isEmpty() || days.isEmpty()) {
                return new Result(Optional.empty(), problems.all());
            }
            return new Result(Optional.of(new Scenario(name, start.get(), days.get(), List.copyOf(plans),
                    List.copyOf(termById.values()), List.copyOf(accountById.values()), List.copyOf(invoiceById.values()),
                    List.copyOf(events), List.copyOf(expected), List.copyOf(finals))), List.of());
        }

        Optional<Scenario.ArTerm> arTerm(Object node, String p) {
            return new ArTermsReader(declaredPlans::containsKey).term(node, p, y)
                    .map(t -> new Scenario.ArTerm(t.id(), t.netDays(), t.plan()));
        }

        Optional<Scenario.Account> readAccount(Object node, String p) {
            return y.map(node, p, ACCOUNT_FIELDS).flatMap(a -> {
                Optional<String> id = y.requiredText(a, "id", p);
                String name = a.containsKey("name") ? y.text(a.get("name"), child(p, "name")).orElse("") : id.orElse("");
                String email = a.containsKey("email") ? y.text(a.get("email"), child(p, "email")).orElse("") : "";
                Optional<String> currency = y.requiredText(a, "currency", p);
                // an account with an unknown currency is still built, so what names it is not also "unknown account"
                currency.filter(c -> !known(c)).ifPresent(c -> problems.add(child(p, "currency"), "unknown currency code " + c));
                Optional<String> term = y.requiredText(a, "arTerm", p);
                term.filter(t -> !declaredTerms.contains(t)).ifPresent(t -> problems.add(child(p, "arTerm"), "unknown AR term " + t));
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
                        ? y.money(a.get("annualRevenue"), child(p, "annualRevenue"), currency.filter(ScenarioReader::known).orElse(null),
                                Sign.NOT_NEGATIVE)
                        .orElse(BigDecimal.ZERO) : BigDecimal.ZERO;
                boolean exempt = a.containsKey("exempt") && y.bool(a.get("exempt"), child(p, "exempt")).orElse(false);
                Map<String, String> external = new LinkedHashMap<>();
                if (a.containsKey("externalIds")) {
                    y.map(a.get("externalIds"), child(p, "externalIds"), null).ifPresent(em -> em.forEach((k, v) ->
                            y.text(v, child(child(p, "externalIds"), k)).ifPresent(s -> external.put(k, s))));
                }
                int cases = a.containsKey("collectionsCases")
                        ? y.integer(a.get("collectionsCases"), child(p, "collectionsCases"), 0, MAX_COLLECTIONS_CASES).orElse(0) : 0;
                if (id.isEmpty() || currency.isEmpty() || term.isEmpty()) {
                    return Optional.empty();
                }
                return Optional.of(new Scenario.Account(id.get(), name, email, currency.get(), term.get(), zone, locale,
                        Set.copyOf(tags), revenue, exempt, Map.copyOf(external), cases));
            });
        }

        Optional<Scenario.Invoice> readInvoice(Object node, String p) {
            return y.map(node, p, INVOICE_FIELDS).flatMap(inv -> {
                Optional<String> id = y.requiredText(inv, "id", p);
                Optional<Scenario.Account> acc = accountOf(inv, p);
                Optional<LocalDate> issued = y.required(inv, "issued", p).flatMap(v -> y.date(v, child(p, "issued")));
                Optional<LocalDate> due = inv.containsKey("due") ? y.date(inv.get("due"), child(p, "due")) : Optional.empty();
                Optional<BigDecimal> amount = y.required(inv, "amount", p)
                        .flatMap(v -> y.money(v, child(p, "amount"), currencyOf(acc), Sign.NOT_NEGATIVE));
                if (id.isEmpty() || acc.isEmpty() || issued.isEmpty() || amount.isEmpty()) {
                    return Optional.empty();
                }
                Scenario.ArTerm term = termById.get(acc.get().arTerm());
                if (due.isEmpty() && term == null) {
                    return Optional.empty(); // the account's AR term is unknown or broken, reported where it is
                }
                LocalDate dueDate = due.orElseGet(() -> issued.get().plusDays(term.netDays()));
                if (dueDate.isBefore(issued.get())) {
                    problems.add(child(p, "due"), "due date " + dueDate + " is before the issue date " + issued.get());
                }
                return Optional.of(new Scenario.Invoice(id.get(), acc.get().id(), issued.get(), dueDate, amount.get()));
            });
        }

        /** A fixed fee needs an amount in the currency of every account whose plan charges it. */
        void fixedFeesCover(Plan plan, String planPath) {
            for (Scenario.Account a : accountById.values()) {
                Scenario.ArTerm term = termById.get(a.arTerm());
                if (term == null || !term.plan().equals(plan.id())) {
                    continue;
                }
                plan.paths().forEach((path, levels) -> {
                    for (int l = 0; l < levels.size(); l++) {
                        List<Action> actions = levels.get(l).actions();
                        for (int k = 0; k < actions.size(); k++) {
                            if (actions.get(k) instanceof Action.Fee fee && fee.spec() instanceof FeeSpec.Fixed fixed
                                    && !fixed.amounts().containsKey(a.currency())) {
                                problems.add(index(child(index(child(child(planPath, "paths"), path.name()), l), "actions"), k) + ".fee.fixed",
                                        "fixed fee has no amount in " + a.currency() + ", the currency of account " + a.id());
                            }
                        }
                    }
                });
            }
        }

        Optional<Event> event(Object node, String p) {
            Set<String> fields = new LinkedHashSet<>(List.of("day"));
            fields.addAll(EVENT_KINDS);
            return y.map(node, p, fields).flatMap(e -> {
                Optional<LocalDate> day = y.required(e, "day", p).flatMap(v -> y.date(v, child(p, "day")));
                List<String> present = e.keySet().stream().filter(EVENT_KINDS::contains).toList();
                if (present.size() != 1) {
                    problems.add(p, "an event has exactly one of " + String.join(", ", EVENT_KINDS) + ", got " + present);
                    return Optional.empty();
                }
                String kind = present.get(0);
                String kp = child(p, kind);
                Object body = e.get(kind);
                return switch (kind) {
                    case "payment" -> payment(body, kp, day);
                    case "paymentFailed" -> y.map(body, kp, fields("account", "invoice", "declineCode")).flatMap(v -> {
                        Optional<Scenario.Account> acc = accountOf(v, kp);
                        Optional<Scenario.Invoice> inv = invoiceOf(v, kp, acc);
                        Optional<String> code = y.requiredText(v, "declineCode", kp);
                        return all(day, acc, inv, code) ? Optional.of(new Event.PaymentFailed(day.get(), acc.get().id(),
                                inv.get().id(), code.get())) : Optional.empty();
                    });
                    case "paymentPlan" -> paymentPlan(body, kp, day);
                    case "dispute" -> y.map(body, kp, fields("invoice", "open")).flatMap(v -> {
                        Optional<Scenario.Invoice> inv = invoiceOf(v, kp, Optional.empty());
                        Optional<Boolean> open = y.required(v, "open", kp).flatMap(o -> y.bool(o, child(kp, "open")));
                        return all(day, inv, open) ? Optional.of(new Event.Dispute(day.get(), inv.get().id(), open.get())) : Optional.empty();
                    });
                    case "approve" -> y.map(body, kp, fields("account", "level")).flatMap(v -> {
                        Optional<Scenario.Account> acc = accountOf(v, kp);
                        Optional<String> level = y.requiredText(v, "level", kp);
                        return all(day, acc, level) ? Optional.of(new Event.Approve(day.get(), acc.get().id(), level.get())) : Optional.empty();
                    });
                    case "exempt" -> y.map(body, kp, fields("account", "value")).flatMap(v -> {
                        Optional<Scenario.Account> acc = accountOf(v, kp);
                        Optional<Boolean> value = y.required(v, "value", kp).flatMap(o -> y.bool(o, child(kp, "value")));
                        return all(day, acc, value) ? Optional.of(new Event.Exempt(day.get(), acc.get().id(), value.get())) : Optional.empty();
                    });
                    case "void" -> y.map(body, kp, fields("invoice")).flatMap(v -> {
                        Optional<Scenario.Invoice> inv = invoiceOf(v, kp, Optional.empty());
                        return all(day, inv) ? Optional.of(new Event.Void(day.get(), inv.get().id())) : Optional.empty();
                    });
                    case "creditNote" -> y.map(body, kp, fields("invoice", "amount")).flatMap(v -> {
                        Optional<Scenario.Invoice> inv = invoiceOf(v, kp, Optional.empty());
                        Optional<BigDecimal> amount = invoiceAmount(v, kp, inv);
                        return all(day, inv, amount) ? Optional.of(new Event.CreditNote(day.get(), inv.get().id(), amount.get())) : Optional.empty();
                    });
                    case "refund" -> y.map(body, kp, fields("invoice", "amount")).flatMap(v -> {
                        Optional<Scenario.Invoice> inv = invoiceOf(v, kp, Optional.empty());
                        Optional<BigDecimal> amount = invoiceAmount(v, kp, inv);
                        return all(day, inv, amount) ? Optional.of(new Event.Refund(day.get(), inv.get().id(), amount.get())) : Optional.empty();
                    });
                    default -> publishPlan(body, kp, day);
                };
            });
        }

        Optional<Event> payment(Object body, String kp, Optional<LocalDate> day) {
            return y.map(body, kp, fields("account", "amount", "invoice")).flatMap(v -> {
                Optional<Scenario.Account> acc = accountOf(v, kp);
                Optional<BigDecimal> amount = y.required(v, "amount", kp)
                        .flatMap(a -> y.money(a, child(kp, "amount"), currencyOf(acc), Sign.POSITIVE));
                Optional<Scenario.Invoice> inv = v.containsKey("invoice") ? invoiceOf(v, kp, acc) : Optional.empty();
                boolean invoiceRead = inv.isPresent() || !v.containsKey("invoice");
                return all(day, acc, amount) && invoiceRead
                        ? Optional.of(new Event.Payment(day.get(), acc.get().id(), amount.get(), inv.map(Scenario.Invoice::id)))
                        : Optional.empty();
            });
        }

        Optional<Event> paymentPlan(Object body, String kp, Optional<LocalDate> day) {
            return y.map(body, kp, fields("account", "invoices", "installments", "everyDays")).flatMap(v -> {
                Optional<Scenario.Account> acc = accountOf(v, kp);
                List<String> ids = new ArrayList<>();
                boolean[] allRead = {false};
                String lp = child(kp, "invoices");
                y.required(v, "invoices", kp).flatMap(l -> y.list(l, lp)).ifPresent(l -> {
                    if (l.isEmpty()) {
                        problems.add(lp, "a payment plan needs at least one invoice");
                        return;
                    }
                    Set<String> seen = new HashSet<>();
                    allRead[0] = true;
                    for (int i = 0; i < l.size(); i++) {
                        String ip = index(lp, i);
                        Optional<Scenario.Invoice> inv = y.text(l.get(i), ip).flatMap(id -> knownInvoice(id, ip, acc));
                        if (inv.isEmpty()) {
                            allRead[0] = false;
                        } else if (!seen.add(inv.get().id())) {
                            problems.add(ip, "invoice " + inv.get().id() + " is listed twice");
                            allRead[0] = false;
                        } else {
                            ids.add(inv.get().id());
                        }
                    }
                });
                Optional<Integer> n = y.required(v, "installments", kp)
                        .flatMap(x -> y.integer(x, child(kp, "installments"), 1, MAX_INSTALLMENTS));
                Optional<Integer> every = y.required(v, "everyDays", kp)
                        .flatMap(x -> y.integer(x, child(kp, "everyDays"), 1, MAX_EVERY_DAYS));
                return all(day, acc, n, every) && allRead[0]
                        ? Optional.of(new Event.PaymentPlan(day.get(), acc.get().id(), List.copyOf(ids), n.get(), every.get()))
                        : Optional.empty();
            });
        }

        /** A new version of a plan under {@code plans}, read with every plan check, its problems under {@code …publishPlan.plan}. */
        Optional<Event> publishPlan(Object body, String kp, Optional<LocalDate> day) {
            return y.map(body, kp, fields("plan", "applyToOpenEpisodes")).flatMap(v -> {
                String pp = child(kp, "plan");
                Optional<Object> node = y.required(v, "plan", kp);
                Optional<Plan> plan = node.flatMap(n -> planReader.read(n, pp, y));
                // checked on the id as written, so a wrong id is reported even when the plan has other problems
                Optional<String> id = node.filter(n -> n instanceof Map<?, ?> raw && raw.get("id") instanceof String s && !s.isBlank())
                        .map(n -> (String) ((Map<?, ?>) n).get("id"));
                boolean known = id.isEmpty() || declaredPlans.containsKey(id.get());
                if (!known) {
                    problems.add(child(pp, "id"), "unknown plan " + id.get() + ": a publish makes a new version of a plan under plans");
                }
                plan.filter(pl -> known).ifPresent(pl -> fixedFeesCover(pl, pp));
                boolean apply = v.containsKey("applyToOpenEpisodes")
                        && y.bool(v.get("applyToOpenEpisodes"), child(kp, "applyToOpenEpisodes")).orElse(false);
                return all(day, plan) && known ? Optional.of(new Event.PublishPlan(day.get(), plan.get(), apply)) : Optional.empty();
            });
        }

        Optional<Scenario.Expected> expected(Object node, String p) {
            Set<String> fields = new LinkedHashSet<>(List.of("day", "account", "level"));
            fields.addAll(EXPECT_KINDS);
            return y.map(node, p, fields).flatMap(e -> {
                Optional<LocalDate> day = y.required(e, "day", p).flatMap(v -> y.date(v, child(p, "day")));
                Optional<Scenario.Account> acc = accountOf(e, p);
                Optional<String> level = e.containsKey("level") ? y.text(e.get("level"), child(p, "level")) : Optional.empty();
                List<String> present = e.keySet().stream().filter(EXPECT_KINDS::contains).toList();
                if (present.size() != 1) {
                    problems.add(p, "an expect entry has exactly one of " + String.join(", ", EXPECT_KINDS) + ", got " + present);
                    return Optional.empty();
                }
                String kind = present.get(0);
                Object raw = e.get(kind);
                String kp = child(p, kind);
                Optional<String> value = switch (kind) {
                    case "fee" -> y.money(raw, kp, currencyOf(acc), Sign.NOT_NEGATIVE).map(BigDecimal::toPlainString);
                    case "retry", "approvalRequested" -> y.bool(raw, kp).map(String::valueOf);
                    case "status" -> y.text(raw, kp).filter(s -> statusKnown(s, kp));
                    default -> y.text(raw, kp);
                };
                if (day.isEmpty() || acc.isEmpty() || value.isEmpty()) {
                    return Optional.empty();
                }
                return Optional.of(new Scenario.Expected(day.get(), acc.get().id(), level, kind, value.get()));
            });
        }

        Optional<Scenario.FinalLine> finalLine(Object node, String p) {
            return y.map(node, p, FINAL_FIELDS).flatMap(f -> {
                Optional<Scenario.Account> acc = accountOf(f, p);
                Optional<String> status = f.containsKey("status")
                        ? y.text(f.get("status"), child(p, "status")).filter(s -> statusKnown(s, child(p, "status"))) : Optional.empty();
                // a balance keeps its sign (the run, not the reader, says whether it holds); a credit is money held, never below 0
                Optional<BigDecimal> balance = f.containsKey("balance")
                        ? y.money(f.get("balance"), child(p, "balance"), currencyOf(acc), Sign.ANY) : Optional.empty();
                Optional<BigDecimal> credit = f.containsKey("credit")
                        ? y.money(f.get("credit"), child(p, "credit"), currencyOf(acc), Sign.NOT_NEGATIVE) : Optional.empty();
                return acc.map(a -> new Scenario.FinalLine(a.id(), status, balance, credit));
            });
        }

        /** The entry's {@code account}, which must be one under {@code accounts}. */
        Optional<Scenario.Account> accountOf(Map<String, Object> m, String p) {
            return y.requiredText(m, "account", p).flatMap(id -> {
                Scenario.Account a = accountById.get(id);
                if (a == null) {
                    problems.add(child(p, "account"), "unknown account " + id);
                }
                return Optional.ofNullable(a);
            });
        }

        /** The event's {@code invoice}; when the event names an account too, the invoice must be that account's. */
        Optional<Scenario.Invoice> invoiceOf(Map<String, Object> m, String p, Optional<Scenario.Account> owner) {
            return y.requiredText(m, "invoice", p).flatMap(id -> knownInvoice(id, child(p, "invoice"), owner));
        }

        Optional<Scenario.Invoice> knownInvoice(String id, String path, Optional<Scenario.Account> owner) {
            Scenario.Invoice inv = invoiceById.get(id);
            if (inv == null) {
                problems.add(path, "unknown invoice " + id);
                return Optional.empty();
            }
            if (owner.isPresent() && !inv.account().equals(owner.get().id())) {
                problems.add(path, "invoice " + id + " belongs to account " + inv.account() + ", not " + owner.get().id());
                return Optional.empty();
            }
            return Optional.of(inv);
        }

        /** The amount of a credit note or refund, in the currency of the invoice's account. */
        Optional<BigDecimal> invoiceAmount(Map<String, Object> v, String kp, Optional<Scenario.Invoice> inv) {
            String currency = currencyOf(inv.map(i -> accountById.get(i.account())));
            return y.required(v, "amount", kp).flatMap(a -> y.money(a, child(kp, "amount"), currency, Sign.POSITIVE));
        }

        boolean statusKnown(String s, String path) {
            try {
                Plan.Status.valueOf(s);
                return true;
            } catch (IllegalArgumentException e) {
                problems.add(path, "unknown status " + s + " (expected ACTIVE, SUSPENDED, IN_COLLECTIONS, LEGAL or WRITTEN_OFF)");
                return false;
            }
        }
    }

    /** An amount without a currency of its own is in its account's; none when the account or its currency is unknown (reported). */
    private static String currencyOf(Optional<Scenario.Account> account) {
        return account.map(Scenario.Account::currency).filter(ScenarioReader::known).orElse(null);
    }

    private static boolean known(String currency) {
        return currency.matches("[A-Z]{3}") && Currencies.isKnown(currency);
    }

    private static boolean all(Optional<?>... values) {
        for (Optional<?> v : values) {
            if (v.isEmpty()) {
                return false;
            }
        }
        return true;
    }
}
