package dunning.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

/** The command structure, run in-process. */
class DunningCliTest {

    record Run(int exit, String output) {}

    static Run run(String... args) {
        StringWriter s = new StringWriter();
        int exit = DunningCli.run(new PrintWriter(s, true), args);
        return new Run(exit, s.toString());
    }

    @Test
    void helpListsTheCommands() {
        Run r = run("--help");
        assertEquals(0, r.exit());
        assertTrue(r.output().contains("plan") && r.output().contains("scenario") && r.output().contains("explain"),
                r.output());
    }

    @Test
    void missingSubcommandOrArgumentIsAUsageError() {
        assertEquals(DunningCli.EXIT_USAGE, run().exit());
        assertEquals(DunningCli.EXIT_USAGE, run("plan").exit());
        assertEquals(DunningCli.EXIT_USAGE, run("plan", "validate").exit());
        assertEquals(DunningCli.EXIT_USAGE, run("scenario", "run", "--engine", "cloud", "x.yaml").exit());
        assertEquals(DunningCli.EXIT_USAGE, run("explain", "--scenario", "x.yaml", "--account", "A1").exit());
        Run badDate = run("explain", "--scenario", "x.yaml", "--account", "A1", "--day", "2026-13-01");
        assertEquals(DunningCli.EXIT_USAGE, badDate.exit());
        assertTrue(badDate.output().contains("--day"), badDate.output());
    }

    static final java.nio.file.Path SUITE = java.nio.file.Path.of("../../shared/domain/src/test/resources/scenarios");

    @Test
    void theLocalEngineRunsScenariosThroughTheHandlers(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        Run r = run("scenario", "run", "--engine", "local", "--function-log", dir.resolve("functions.log").toString(),
                SUITE.resolve("grace-days.yaml").toString(), SUITE.resolve("dispute-opened-and-closed.yaml").toString());
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("PASS " + SUITE.resolve("grace-days.yaml")), r.output());
        assertTrue(r.output().contains("PASS " + SUITE.resolve("dispute-opened-and-closed.yaml")), r.output());
        assertTrue(r.output().contains("2 passed, 0 failed"), r.output());
        assertTrue(java.nio.file.Files.exists(dir.resolve("functions.log")), "the handlers logged to the file");
    }
}
