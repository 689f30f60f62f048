package dunning.domain.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanReaderTest {
    final PlanReader reader = new PlanReader(TemplateNames.defaultCatalog());

    static Path resource(String name) throws URISyntaxException {
        return Path.of(PlanReaderTest.class.getResource("/plans/" + name).toURI());
    }

    @Test
    void a_broken_plan_reports_every_problem_with_its_field_path_and_no_plan() throws URISyntaxException {
        PlanReader.Result result = reader.readFile(resource("broken-plan.yaml"));

        assertTrue(result.plans().isEmpty(), "no partial plan is ever returned");
        List<String> problems = result.problems();
        String all = String.join("\n", problems);
        for (String expected : List.of(
                "active: expected true or false, got \"yes\"",
                "minimumOverdue.USD: amount must be a quoted string",
                "graceDays: must be at least 0, got -2",
                "catchUp: unknown value SOMETIMES",
                "retrySchedule[1]: must be at least 1, got 0",
                "colour: unknown field",
                "paths.STANDARD[0].actions[0].email.template: unknown template no-such-template",
                "paths.STANDARD[1].name: duplicate level name First",
                "paths.STANDARD[1].days: levels out of order: 3 days comes after a level at 5 days",
                "paths.STANDARD[1].actions[0].fee.fixed: no amount for EUR",
                "paths.STANDARD[1].actions[1].status: unknown value HOLD",
                "paths.STANDARD[2].days: must be at least 0, got -1",
                "paths.STANDARD[2].actions[0].emial: unknown field",
                "paths.GOLD: unknown value GOLD")) {
            assertTrue(all.contains(expected), "missing: " + expected + "\nin:\n" + all);
        }
        String file = resource("broken-plan.yaml").toString();
        assertTrue(problems.stream().allMatch(p -> p.startsWith(file + ": ")),
                "every problem names the file");
    }

    @Test
    void the_format_example_plan_reads_whole() throws URISyntaxException {
        PlanReader.Result result = reader.readFile(resource("good-plan.yaml"));

        assertEquals(List.of(), result.problems());
        Plan plan = result.plans().get(0);
        assertEquals(5, plan.levels(Plan.Path.STANDARD).size());
        assertEquals(plan.levels(Plan.Path.STANDARD), plan.levels(Plan.Path.VIP), "VIP falls back to STANDARD");
        assertTrue(plan.levels(Plan.Path.STANDARD).get(4).requiresApproval());
        assertEquals(List.of(1, 3, 5, 7), plan.retrySchedule());
    }
}
