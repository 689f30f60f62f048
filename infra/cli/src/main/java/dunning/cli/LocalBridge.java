package dunning.cli;

import dunning.aws.lambda.Log;
import dunning.domain.scenario.Scenario;
import dunning.domain.scenario.ScenarioReader;
import dunning.domain.scenario.ScenarioRunner;
import dunning.local.LocalCloud;
import dunning.local.scenario.LocalChainDunning;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;

/** The CLI's way into the local cloud: a scenario through the real handlers, each on a fresh cloud. */
final class LocalBridge {
    private LocalBridge() {}

    /** Sends the handlers' JSON log lines to {@code file} instead of the terminal. */
    static void logTo(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Log.redirect(new PrintStream(new FileOutputStream(file.toFile(), true), true, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ScenarioOutcome runScenario(Path file) {
        ScenarioReader.Result read = new ScenarioReader().read(file);
        if (read.scenario().isEmpty()) {
            return new ScenarioOutcome(read.problems(), new TreeMap<>(), new TreeMap<>(), List.of());
        }
        Scenario scenario = read.scenario().get();
        LocalCloud.Options options = LocalChainDunning.cloudOptions(scenario);
        try (LocalCloud cloud = LocalCloud.start(options)) {
            ScenarioRunner.Result result = new ScenarioRunner().run(scenario,
                    new LocalChainDunning(cloud, LocalChainDunning.planTexts(file)));
            return new ScenarioOutcome(List.of(), result.expected(), result.actual(), result.finalMismatch());
        }
    }
}
