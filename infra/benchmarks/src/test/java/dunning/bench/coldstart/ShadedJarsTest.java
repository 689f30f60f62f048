package dunning.bench.coldstart;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dunning.local.LocalCloud;
import java.io.File;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What `sam deploy` ships, run: each function's shaded jar alone (no class of the build's class path)
 * in a fresh JVM, its handler built by its no-arg constructor from the environment the template gives
 * it and invoked once with its sample event against the local cloud, as the cold-start benchmark does.
 * A class the shade filters dropped but the code needs fails here; so does a batch item failure. Needs
 * the jars (the reactor's package phase, as `mvn verify` runs it): skipped, with the reason, without.
 */
class ShadedJarsTest {
    @Test
    void every_function_jar_builds_its_handler_and_carries_out_its_sample_event() throws Exception {
        Path root = ColdStartBenchmark.repositoryRoot();
        for (ColdStartBenchmark.Function f : ColdStartBenchmark.FUNCTIONS) {
            Assumptions.assumeTrue(ColdStartBenchmark.hasClass(f.jar(root), f.handler()), "not built: " + f.jar(root)
                    + " (run the package phase, e.g. mvn verify)");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // the probe alone from this module's classes: everything else comes from the function's jar
        Path probe = Path.of(ColdStartProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (LocalCloud cloud = LocalCloud.start(LocalCloud.Options.defaults().withTemplate(root.resolve("template.yaml"))
                .startingAt(Instant.now()))) {
            for (ColdStartBenchmark.Function f : ColdStartBenchmark.FUNCTIONS) {
                Map<String, String> env = cloud.environmentFor(f.logicalId());
                ColdStartBenchmark.seed(env);
                ColdStartBenchmark.Run run = ColdStartBenchmark.spawn(java, List.of(), f.jar(root) + File.pathSeparator + probe,
                        List.of(ColdStartProbe.class.getName(), f.handler(), root.resolve("events").resolve(f.event()).toString()), env);
                assertTrue(run.invokeMs() > 0 || run.initMs() > 0, f.module() + " printed its timings");
                System.out.printf("%-20s ran from its jar alone in %d ms%n", f.module(), run.wallMs());
            }
        }
    }
}
