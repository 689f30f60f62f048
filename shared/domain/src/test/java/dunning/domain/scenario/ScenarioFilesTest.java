package dunning.domain.scenario;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every scenario file, the project's own and the shared examples, through the in-memory engine. */
class ScenarioFilesTest {

    @TestFactory
    Stream<DynamicTest> the_projects_own_scenarios() throws IOException {
        List<Path> files = yamlFiles(repositoryRoot().resolve("shared/domain/src/test/resources/scenarios"));
        assertTrue(files.size() >= 30, "the suite keeps at least 30 scenarios, found " + files.size());
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> run(f)));
    }

    @TestFactory
    Stream<DynamicTest> the_shared_examples() throws IOException {
        Path shared = repositoryRoot().resolve("../shared/scenarios").normalize();
        Assumptions.assumeTrue(Files.isDirectory(shared), "../shared/scenarios is absent on this machine");
        return yamlFiles(shared).stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> run(f)));
    }

    static void run(Path file) {
        ScenarioReader.Result read = new ScenarioReader().read(file);
        assertTrue(read.problems().isEmpty(), () -> String.join("\n", read.problems()));
        ScenarioRunner.Result result = new ScenarioRunner().run(read.scenario().orElseThrow(), new InMemoryDunning());
        assertTrue(result.passed(), () -> "expected " + result.expected() + "\nactual   " + result.actual()
                + "\nfinal    " + result.finalMismatch());
    }

    static List<Path> yamlFiles(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
        }
        return files;
    }

    /** The directory holding the top pom (the one with modules), walking up from the working directory. */
    static Path repositoryRoot() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path pom = dir.resolve("pom.xml");
            if (Files.exists(pom) && Files.readString(pom).contains("<modules>")) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no parent pom with <modules> above " + Path.of("").toAbsolutePath());
    }
}
