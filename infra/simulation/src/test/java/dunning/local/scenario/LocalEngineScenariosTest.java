package dunning.local.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dunning.aws.dynamodb.HistoryCodec;
import dunning.aws.dynamodb.Items;
import dunning.aws.dynamodb.Keys;
import dunning.domain.scenario.Scenario;
import dunning.domain.scenario.ScenarioReader;
import dunning.domain.scenario.ScenarioRunner;
import dunning.local.LocalCloud;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every scenario file (the project's suite and ../shared's examples) through the real handlers on the local cloud. */
class LocalEngineScenariosTest {
    static List<Path> files() throws IOException {
        List<Path> out = new ArrayList<>();
        Path root = LocalCloud.findTemplate(Path.of("").toAbsolutePath()).getParent();
        for (Path dir : List.of(root.resolve("shared/domain/src/test/resources/scenarios"), root.resolve("../shared/scenarios"))) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(out::add);
                }
            }
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> every_scenario_gives_the_in_memory_result_through_the_deployed_chain() throws IOException {
        return files().stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            ScenarioReader.Result read = new ScenarioReader().read(file);
            assertTrue(read.scenario().isPresent(), () -> "the scenario does not read: " + read.problems());
            Scenario scenario = read.scenario().get();
            long t0 = System.nanoTime();
            try (LocalCloud cloud = LocalCloud.start(LocalChainDunning.cloudOptions(scenario))) {
                ScenarioRunner.Result result = new ScenarioRunner().run(scenario, new LocalChainDunning(cloud, LocalChainDunning.planTexts(file)));
                System.out.println(file.getFileName() + ": " + (System.nanoTime() - t0) / 1_000_000 + " ms");
                assertTrue(result.passed(), () -> "expected " + result.expected() + "\n  actual " + result.actual()
                        + "\n  final " + result.finalMismatch());
                // and every mail decided went out: rendered (a neutral notice for a name the catalog lacks) and accepted by SES
                java.util.Set<String> addressed = new java.util.HashSet<>();
                scenario.accounts().stream().filter(a -> !a.email().isBlank()).forEach(a -> addressed.add(a.id()));
                long mails = scenario.expect().stream().filter(e -> e.kind().equals("email") && addressed.contains(e.account())).count();
                assertEquals(mails, cloud.ses().outbox().size(), () -> "mails sent: " + cloud.ses().outbox().stream()
                        .map(m -> m.to() + " " + m.subject()).toList());
                List<Long> sizes = new ArrayList<>();
                cloud.clients().dynamoDb().scanPaginator(b -> b.tableName(cloud.tableName())).items().stream()
                        .filter(i -> i.get(Keys.SK).s().startsWith(HistoryCodec.SK_DECISION)).forEach(i -> sizes.add(Items.size(i)));
                sizes.sort(null);
                System.out.println(file.getFileName() + ": " + sizes.size() + " decision records, median "
                        + (sizes.isEmpty() ? 0 : sizes.get(sizes.size() / 2)) + " bytes, largest " + (sizes.isEmpty() ? 0 : sizes.get(sizes.size() - 1)));
            }
        }));
    }
}
