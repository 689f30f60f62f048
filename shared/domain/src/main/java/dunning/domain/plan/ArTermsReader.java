package dunning.domain.plan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads AR terms: a scenario's {@code arTerms}, and the AR-terms file of {@code dunning plan publish}
 * (docs/cli.md), the same list alone:
 * <pre>
 *   arTerms:
 *     - { id: net30, netDays: 30, plan: consumer }
 * </pre>
 * Every problem at once, with the file and the field path; an unknown field, a duplicate id, net days
 * out of range or a plan the caller does not know is an error.
 */
public final class ArTermsReader {
    /** Ten years: far beyond any real payment term, far below a date overflow. */
    public static final int MAX_NET_DAYS = 3650;

    private final Predicate<String> knownPlan;
    private final String unknownPlan;

    /** A reader accepting terms that name a plan {@code knownPlan} holds. */
    public ArTermsReader(Predicate<String> knownPlan) {
        this(knownPlan, "");
    }

    /** As above; {@code where} ends the problem of an unknown plan (": neither in this publish nor in the stack"). */
    public ArTermsReader(Predicate<String> knownPlan, String where) {
        this.knownPlan = knownPlan;
        this.unknownPlan = where;
    }

    public record Result(List<ArTerm> terms, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** An AR-terms file: the terms when there is no problem at all, else only the problems. */
    public Result readFile(Path file) {
        YamlLoad.Items<ArTerm> terms = YamlLoad.items(file, (root, y) -> y.map(root, "", YamlNodes.fields("arTerms"))
                .flatMap(m -> y.required(m, "arTerms", "")).flatMap(v -> y.list(v, "arTerms"))
                .map(list -> read(list, "arTerms", y)).orElse(List.of()));
        return new Result(terms.items(), terms.problems());
    }

    /** The terms of a list at {@code path}; a duplicate id is reported at its {@code id}. */
    public List<ArTerm> read(List<Object> list, String path, YamlNodes y) {
        List<ArTerm> terms = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String p = YamlNodes.index(path, i);
            term(list.get(i), p, y).ifPresent(t -> {
                if (!ids.add(t.id())) {
                    y.problems().add(YamlNodes.child(p, "id"), "duplicate AR term id " + t.id());
                } else {
                    terms.add(t);
                }
            });
        }
        return terms;
    }

    /** One term at {@code p}; empty when any of its fields has a problem (all are reported). */
    public Optional<ArTerm> term(Object node, String p, YamlNodes y) {
        return y.map(node, p, YamlNodes.fields("id", "netDays", "plan")).flatMap((Map<String, Object> t) -> {
            Optional<String> id = y.requiredText(t, "id", p);
            Optional<Integer> net = y.required(t, "netDays", p).flatMap(v -> y.integer(v, YamlNodes.child(p, "netDays"), 0, MAX_NET_DAYS));
            Optional<String> plan = y.requiredText(t, "plan", p);
            plan.filter(knownPlan.negate()).ifPresent(pl -> y.problems().add(YamlNodes.child(p, "plan"), "unknown plan " + pl + unknownPlan));
            return id.isPresent() && net.isPresent() && plan.isPresent()
                    ? Optional.of(new ArTerm(id.get(), net.get(), plan.get())) : Optional.empty();
        });
    }
}
