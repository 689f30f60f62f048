package dunning.cli;

import dunning.domain.engine.Decision;
import dunning.domain.notice.UserTemplates;
import dunning.domain.plan.PlanReader;
import dunning.domain.plan.TemplateNames;
import dunning.domain.scenario.InMemoryDunning;
import dunning.domain.scenario.Scenario;
import dunning.domain.scenario.ScenarioReader;
import dunning.domain.scenario.ScenarioRunner;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * The CLI's one place that calls the domain (plan reader, scenario reader and runner,
 * explainer) and turns its results into lines the commands print.
 */
final class DomainBridge {
    private DomainBridge() {}

    /** What {@code explain} prints: read problems, or whether the account exists and its records that day. */
    record Explanation(List<String> problems, boolean accountKnown, List<String> records) {}

    /**
     * What {@code plan validate} accepts as a template name without {@code --templates}: the default
     * catalog's names only; the user's templates stay in the union, empty, so the error says where a
     * name was looked up (FORMAT.md: "a template neither holds").
     */
    static final TemplateNames PLAN_TEMPLATES = TemplateNames.union(TemplateNames.defaultCatalog(),
            TemplateNames.of(Set.of(), "the user's templates"));

    /** Every problem of a plan file as {@code FILE: FIELD-PATH: CAUSE}; empty when the plan is valid. */
    static List<String> validatePlan(Path file) {
        return new PlanReader(PLAN_TEMPLATES).readFile(file).problems();
    }

    /** The user's templates of {@code dir}, read and checked; every problem as {@code FILE: CAUSE}. */
    static UserTemplates.Read templates(Path dir) {
        return UserTemplates.fromDirectory(dir);
    }

    /** As {@link #validatePlan(Path)}, a template name held by the default catalog or by {@code dir}'s templates. */
    static List<String> validatePlan(Path file, UserTemplates templates, Path dir) {
        return new PlanReader(TemplateNames.union(TemplateNames.defaultCatalog(),
                TemplateNames.of(templates.names(), "the templates in " + dir))).readFile(file).problems();
    }

    static ScenarioOutcome runScenario(Path file) {
        ScenarioReader.Result read = new ScenarioReader().read(file);
        if (read.scenario().isEmpty()) {
            return new ScenarioOutcome(read.problems(), new TreeMap<>(), new TreeMap<>(), List.of());
        }
        ScenarioRunner.Result result = new ScenarioRunner().run(read.scenario().get(), new InMemoryDunning());
        return new ScenarioOutcome(List.of(), result.expected(), result.actual(), result.finalMismatch());
    }

    static Explanation explain(Path scenarioFile, String account, LocalDate day) {
        ScenarioReader.Result read = new ScenarioReader().read(scenarioFile);
        if (read.scenario().isEmpty()) {
            return new Explanation(read.problems(), false, List.of());
        }
        Scenario scenario = read.scenario().get();
        boolean known = scenario.accounts().stream().anyMatch(a -> a.id().equals(account));
        if (!known) {
            return new Explanation(List.of(), false, List.of());
        }
        ScenarioRunner.Result result = new ScenarioRunner().run(scenario, new InMemoryDunning());
        return new Explanation(List.of(), true, lines(result.system().decisions(account), day));
    }

    /** The lines of the decisions taken on {@code day}, each evaluation's apart. */
    static List<String> lines(List<Decision> decisions, LocalDate day) {
        List<String> lines = new java.util.ArrayList<>();
        for (Decision d : decisions) {
            if (d.asOf().equals(day)) {
                lines.addAll(d.lines());
            }
        }
        return lines;
    }
}
