package dunning.local.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dunning.domain.scenario.InMemoryDunning;
import dunning.domain.scenario.Scenario;
import dunning.domain.scenario.ScenarioReader;
import dunning.domain.scenario.ScenarioRunner;
import dunning.local.LocalCloud;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * At-least-once delivery and concurrent workers change nothing: every message of a scenario
 * delivered twice, and four execution environments per function evaluating the same accounts at
 * once, give exactly the actions of the single, serial in-memory run, and SES accepts each mail once.
 */
class DuplicateDeliveryTest {
    static final Path SUITE = LocalCloud.findTemplate(Path.of("").toAbsolutePath()).getParent()
            .resolve("shared/domain/src/test/resources/scenarios");

    @ParameterizedTest
    @ValueSource(strings = {"soft-decline-retries.yaml", "close-reinstate-and-new-episode.yaml", "percent-fee-clamped-to-min-and-max.yaml",
        "payment-plan-kept.yaml", "approval-requested-then-approved.yaml", "exemption-toggled.yaml"})
    void every_message_twice_with_four_environments_gives_the_single_run(String name) {
        Path file = SUITE.resolve(name);
        Scenario scenario = new ScenarioReader().read(file).scenario().orElseThrow();
        ScenarioRunner.Result single = new ScenarioRunner().run(scenario, new InMemoryDunning());
        try (LocalCloud cloud = LocalCloud.start(LocalChainDunning.cloudOptions(scenario))) {
            cloud.runtime().deliverEveryMessageTwice(true).concurrency(4);
            LocalChainDunning system = new LocalChainDunning(cloud, LocalChainDunning.planTexts(file)).sweepTwiceADay();
            ScenarioRunner.Result twice = new ScenarioRunner().run(scenario, system);

            assertEquals(single.actual(), twice.actual());
            assertTrue(twice.passed(), () -> twice.expected() + " vs " + twice.actual() + " " + twice.finalMismatch());
            long emails = single.actual().values().stream().flatMap(List::stream).filter(a -> a.contains(" email ")).count();
            assertEquals(emails, cloud.ses().outbox().size(), "each mail accepted by SES once");
            assertTrue(cloud.runtime().invocations().stream().anyMatch(i -> i.function().equals("DunningEvaluationFunction")));
        }
    }
}
