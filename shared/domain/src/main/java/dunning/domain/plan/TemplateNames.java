package dunning.domain.plan;

import dunning.domain.notice.NoticeCatalog;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which template names a plan may use. Template names are the user's (FORMAT.md): a scenario
 * accepts any name, while {@code plan validate} and {@code plan publish} accept only names that the
 * default catalog or the user's own templates hold.
 */
public interface TemplateNames {

    /** Whether a plan may name {@code template}. */
    boolean has(String template);

    /** Where names are looked up, as the error says it: "the default catalog". */
    String description();

    /** The cause reported at a field naming a template this policy does not hold. */
    default String whyUnknown(String template) {
        return "unknown template " + template + ": not in " + description();
    }

    /** Every name: a scenario checks decisions, not wording. */
    static TemplateNames any() {
        return matching(template -> true, "any template name");
    }

    /** The names of a notice catalog, aliases included. */
    static TemplateNames of(NoticeCatalog catalog, String description) {
        return matching(catalog::has, description);
    }

    /** The built-in catalog the project ships. */
    static TemplateNames defaultCatalog() {
        return of(NoticeCatalog.standard(), "the default catalog");
    }

    /** A fixed set of names, e.g. the user's templates published with their plans. */
    static TemplateNames of(Set<String> names, String description) {
        return matching(Set.copyOf(names)::contains, description);
    }

    /** The names {@code has} accepts, described as {@code description} in a problem. */
    private static TemplateNames matching(Predicate<String> has, String description) {
        return new TemplateNames() {
            @Override
            public boolean has(String template) {
                return has.test(template);
            }

            @Override
            public String description() {
                return description;
            }
        };
    }

    /** A name any one of {@code sources} holds; the error names every source it was looked up in. */
    static TemplateNames union(TemplateNames... sources) {
        List<TemplateNames> all = List.of(sources);
        if (all.isEmpty()) {
            throw new IllegalArgumentException("a union needs at least one source of template names");
        }
        return new TemplateNames() {
            @Override
            public boolean has(String template) {
                return all.stream().anyMatch(s -> s.has(template));
            }

            @Override
            public String description() {
                return String.join(" or ", all.stream().map(TemplateNames::description).toList());
            }

            @Override
            public String whyUnknown(String template) {
                if (all.size() == 1) {
                    return all.get(0).whyUnknown(template);
                }
                List<String> names = all.stream().map(TemplateNames::description).toList();
                return "unknown template " + template + ": neither in "
                        + String.join(", in ", names.subList(0, names.size() - 1)) + " nor in " + names.get(names.size() - 1);
            }
        };
    }
}
