package dunning.domain.plan;

import dunning.domain.notice.UserTemplates;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What {@code dunning plan publish} reads and checks before it writes anything (DESIGN §5.2): the
 * user's templates, then the plan files against the template names the default catalog, those
 * templates or the stack's published ones hold, then the AR terms against the plans of this
 * publish and of the stack. Every problem of every file at once; a publish with any problem
 * writes nothing.
 */
public final class Publication {
    private Publication() {}

    /**
     * A plan's canonical text is at most this long: real plans are a few KB; the stored version is one
     * DynamoDB item (400 KB), and every decision record lists each level of the path with its reason.
     */
    public static final int MAX_PLAN_BYTES = 64 * 1024;

    /** Why {@code plan} cannot be stored, if its canonical text is too long. */
    public static Optional<String> tooLong(Plan plan) {
        int bytes = PlanWriter.yaml(plan).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        return bytes > MAX_PLAN_BYTES ? Optional.of("plan " + plan.id() + " comes to " + bytes + " bytes in its canonical text, at most "
                + MAX_PLAN_BYTES) : Optional.empty();
    }

    /** Everything one publish writes, each part checked. */
    public record Bundle(List<Plan> plans, List<ArTerm> terms, UserTemplates templates) {
        public Bundle {
            plans = List.copyOf(plans);
            terms = List.copyOf(terms);
        }
    }

    public record Read(Optional<Bundle> bundle, List<String> problems) {
        public Read {
            problems = List.copyOf(problems);
        }
    }

    /** The template names a plan may use when it is validated or published with the templates of {@code dir}. */
    public static TemplateNames templateNames(UserTemplates dirTemplates, Path dir, TemplateNames others) {
        return TemplateNames.union(TemplateNames.defaultCatalog(), TemplateNames.of(dirTemplates.names(), "the templates in " + dir),
                others);
    }

    /**
     * Reads everything one publish writes.
     *
     * @param stackTemplates the template names of the stack's published templates
     * @param planInStack    whether the stack has a plan of that id (an AR term may name it)
     */
    public static Read read(List<Path> planFiles, Optional<Path> termsFile, Optional<Path> templatesDir,
                            TemplateNames stackTemplates, Predicate<String> planInStack) {
        List<String> problems = new ArrayList<>();
        UserTemplates templates = UserTemplates.none();
        TemplateNames names = TemplateNames.union(TemplateNames.defaultCatalog(), stackTemplates);
        if (templatesDir.isPresent()) {
            UserTemplates.Read read = UserTemplates.fromDirectory(templatesDir.get());
            problems.addAll(read.problems());
            templates = read.templates().orElse(UserTemplates.none());
            names = templateNames(templates, templatesDir.get(), stackTemplates);
        }
        PlanReader reader = new PlanReader(names);
        Map<String, Path> fileOfPlan = new LinkedHashMap<>();
        List<Plan> plans = new ArrayList<>();
        for (Path file : planFiles) {
            PlanReader.Result read = reader.readFile(file);
            problems.addAll(read.problems());
            for (Plan plan : read.plans()) {
                Path first = fileOfPlan.putIfAbsent(plan.id(), file);
                tooLong(plan).ifPresent(why -> problems.add(file + ": (document): " + why));
                if (first != null) {
                    problems.add(file + ": id: plan " + plan.id() + " is published by " + first + " too");
                } else {
                    plans.add(plan);
                }
            }
        }
        Set<String> ids = new HashSet<>(fileOfPlan.keySet());
        List<ArTerm> terms = new ArrayList<>();
        termsFile.ifPresent(file -> {
            ArTermsReader.Result read = new ArTermsReader(id -> ids.contains(id) || planInStack.test(id),
                    ": neither in this publish nor in the stack").readFile(file);
            problems.addAll(read.problems());
            terms.addAll(read.terms());
        });
        if (!problems.isEmpty()) {
            return new Read(Optional.empty(), problems);
        }
        return new Read(Optional.of(new Bundle(plans, terms, templates)), List.of());
    }
}
