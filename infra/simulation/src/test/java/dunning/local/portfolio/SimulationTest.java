package dunning.local.portfolio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dunning.domain.plan.PlanReader;
import dunning.domain.plan.TemplateNames;
import dunning.local.LocalCloud;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The main job, small: a generated portfolio through the chain, and what its report says. */
class SimulationTest {

    @Test
    void the_portfolio_plan_is_a_valid_plan() {
        assertEquals(List.of(), new PlanReader(TemplateNames.defaultCatalog()).readText(Simulation.standardPlan(), "standard-plan.yaml").problems());
    }

    @Test
    void the_same_seed_gives_the_same_portfolio_and_the_mix_is_realistic() {
        Portfolio a = Portfolio.generate(500, 7, LocalDate.of(2026, 1, 1));
        assertEquals(a, Portfolio.generate(500, 7, LocalDate.of(2026, 1, 1)));
        long never = a.members().stream().filter(m -> m.payer() == Portfolio.Payer.NEVER).count();
        long currencies = a.members().stream().map(m -> m.account().currency()).distinct().count();
        assertTrue(never > 10 && never < 80, "about 7% never pay: " + never);
        assertEquals(4, currencies);
    }

    @Test
    void a_small_portfolio_runs_through_the_chain_and_the_report_adds_up() {
        LocalDate start = LocalDate.of(2026, 1, 1);
        try (LocalCloud cloud = LocalCloud.start(LocalCloud.Options.defaults().startingAt(Simulation.startInstant(start)))) {
            cloud.runtime().concurrency(2);
            List<Integer> progress = new ArrayList<>();
            Simulation.Outcome outcome = new Simulation(cloud, new Simulation.Options(40, 20, 3, start)).run(progress::add);
            SimulationReport report = SimulationReport.read(cloud, outcome);

            assertEquals(20, progress.size());
            assertEquals(0, report.deadLetters(), "nothing ended in a DLQ");
            int emailDecisions = report.emailsByTemplate().values().stream().mapToInt(Integer::intValue).sum();
            assertTrue(emailDecisions > 0);
            assertEquals(emailDecisions, report.mailsAccepted(), "every email decided was accepted by SES once");
            assertTrue(report.invocations() > 20 * 2, "at least the daily sweep and its evaluations");
            assertTrue(report.summary().contains("emails by template") && report.summary().contains("aging"), report.summary());
            String html = HtmlReport.render(report, 5);
            assertTrue(html.contains("<h2>Aging of open invoices") && html.contains("Collection funnel") && html.contains("<svg"));
            assertTrue(html.contains("iframe sandbox srcdoc="), "mails are shown as sent");
        }
    }
}
