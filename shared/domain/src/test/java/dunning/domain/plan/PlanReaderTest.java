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
        ReaderProblems.assertReported(List.of(
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
                "paths.GOLD: unknown value GOLD"), problems);
        String file = resource("broken-plan.yaml").toString();
        assertTrue(problems.stream().allMatch(p -> p.startsWith(file + ": ")),
                "every problem names the file");
    }

    @Test
    void every_number_mistake_of_a_plan_is_reported_at_its_path_and_nothing_else() throws URISyntaxException {
        Path file = resource("broken-numbers-plan.yaml");

        PlanReader.Result result = reader.readFile(file);

        assertTrue(result.plans().isEmpty(), "no partial plan is ever returned");
        List<String> expected = List.of(
                "minimumOverdue.USD: more decimals than USD has (2): 0.001",
                "minimumOverdue.BHD: more decimals than BHD has (3): 1.2345",
                "minimumOverdue.EUR: amount must not be negative, got -1.00",
                "graceDays: must be at most 365, got 2147483648",
                "retrySchedule[2]: day 3 is already in the schedule",
                "retrySchedule[3]: must be at most 365, got 366",
                "retrySchedule[4]: must be at least 1, got 0",
                "reminders[0].daysBeforeDue: must be at most 365, got 366",
                "reminders[1].daysBeforeDue: must be at most 365, got 99999999999999999999",
                "segments.VIP.annualRevenueAtLeast.USD: more than 15 digits before the decimal point: 1234567890123456.00",
                "segments.HIGH_RISK.overdueInvoicesAtLeast: must be at least 1, got 0",
                "segments.HIGH_RISK.collectionsCasesAtLeast: must be at most 100000, got 100001",
                "paths.STANDARD[0].days: must be at most 3650, got 4294967297",
                "paths.STANDARD[0].waitDays: must be at most 3650, got 3651",
                "paths.STANDARD[0].minimumOverdue.JPY: more decimals than JPY has (0): 1852.5",
                "paths.STANDARD[0].actions[0].fee.fixed.USD: must be more than 0, got 0",
                "paths.STANDARD[0].actions[1].fee.fixed.USD: more than 15 digits before the decimal point: 1E+999999999",
                "paths.STANDARD[0].actions[2].fee.fixed.USD: more decimals than USD has (2): 5.005",
                "paths.STANDARD[0].actions[3].fee.percent: a percentage is at most 100, got 500",
                "paths.STANDARD[0].actions[4].fee.percent: must be more than 0, got 0",
                "paths.STANDARD[0].actions[5].fee.percent: more decimals than a percentage has (6): 1.1234567",
                "paths.STANDARD[0].actions[5].fee.min.USD: amount must not be negative, got -1",
                "paths.STANDARD[0].actions[5].fee.max.USD: more decimals than USD has (2): 0.001",
                "paths.STANDARD[0].actions[6].fee.annualInterest: a percentage is at most 100, got 101",
                "paths.STANDARD[0].actions[7].fee.annualInterest: must be more than 0, got 0",
                "paths.STANDARD[1].days: must be at most 3650, got 3651");
        ReaderProblems.assertExactly(file, expected, result.problems());
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
