package dunning.cli;

import static dunning.cli.DunningCliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plan validate, scenario run and explain on real files, run in-process. */
class CommandsTest {
    static Path root() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(dir.resolve("shared/domain/src/test/resources"))) {
            dir = dir.getParent();
        }
        return dir;
    }

    @Test
    void plan_validate_lists_every_error_with_its_path_and_fails() throws IOException {
        Path broken = root().resolve("shared/domain/src/test/resources/plans/broken-plan.yaml");
        DunningCliTest.Run r = run("plan", "validate", broken.toString());

        assertEquals(DunningCli.EXIT_FAILED, r.exit(), r.output());
        assertTrue(r.output().contains(broken + ": paths.STANDARD[1].days: levels out of order"), r.output());
        assertTrue(r.output().contains(broken + ": colour: unknown field"), r.output());
        assertTrue(r.output().lines().filter(l -> l.startsWith(broken.toString())).count() >= 14, r.output());
    }

    @Test
    void plan_validate_accepts_a_good_plan() throws IOException {
        DunningCliTest.Run r = run("plan", "validate", root().resolve("shared/domain/src/test/resources/plans/good-plan.yaml").toString());
        assertEquals(0, r.exit(), r.output());
    }

    @Test
    void plan_validate_rejects_a_template_neither_the_default_catalog_nor_the_users_templates_hold(@TempDir Path tmp)
            throws IOException {
        Path plan = Files.writeString(tmp.resolve("own.yaml"), String.join("\n",
                "id: p",
                "paths: { STANDARD: [ { name: L1, days: 1, actions: [ { email: { template: important-notice } } ] } ] }", ""));

        DunningCliTest.Run r = run("plan", "validate", plan.toString());

        assertEquals(DunningCli.EXIT_FAILED, r.exit(), r.output());
        assertEquals(plan + ": paths.STANDARD[0].actions[0].email.template: unknown template important-notice:"
                + " neither in the default catalog nor in the user's templates", r.output().strip());
    }

    @Test
    void scenario_run_accepts_a_template_name_of_the_users_own(@TempDir Path tmp) throws IOException {
        Path scenario = Files.writeString(tmp.resolve("own.yaml"), String.join("\n",
                "start: 2026-01-01",
                "days: 5",
                "plans:",
                "  - { id: p, paths: { STANDARD: [ { name: L1, days: 1, actions: [ { email: { template: important-notice } } ] } ] } }",
                "arTerms: [ { id: t, netDays: 0, plan: p } ]",
                "accounts: [ { id: A1, currency: USD, arTerm: t } ]",
                "invoices: [ { id: I1, account: A1, issued: 2026-01-01, amount: \"10.00\" } ]",
                "expect: [ { day: 2026-01-02, account: A1, level: L1, email: important-notice } ]", ""));

        DunningCliTest.Run r = run("scenario", "run", scenario.toString());

        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("PASS " + scenario), r.output());
    }

    @Test
    void the_shared_examples_pass() throws IOException {
        Path shared = root().resolve("../shared/scenarios").normalize();
        Assumptions.assumeTrue(Files.isDirectory(shared), "../shared/scenarios is absent on this machine");
        DunningCliTest.Run r = run("scenario", "run", shared.toString());
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("2 passed, 0 failed"), r.output());
    }

    @Test
    void a_wrong_expectation_fails_with_the_difference_by_day(@TempDir Path tmp) throws IOException {
        Path good = root().resolve("shared/domain/src/test/resources/scenarios/partial-payment-does-not-resend.yaml");
        Path wrong = tmp.resolve("wrong.yaml");
        Files.writeString(wrong, Files.readString(good).replace("2026-01-11, account: A1, level: Notice, fee",
                "2026-01-12, account: A1, level: Notice, fee"));

        DunningCliTest.Run r = run("scenario", "run", good.toString(), wrong.toString());

        assertEquals(DunningCli.EXIT_FAILED, r.exit(), r.output());
        assertTrue(r.output().contains("PASS " + good), r.output());
        assertTrue(r.output().contains("FAIL " + wrong), r.output());
        assertTrue(r.output().contains("2026-01-11"), r.output());
        assertTrue(r.output().contains("+ done, not expected: A1 [Notice] fee 5"), r.output());
        assertTrue(r.output().contains("- expected, not done: A1 [Notice] fee 5"), r.output());
    }

    @Test
    void explain_says_why_a_level_fired() throws IOException {
        Path file = root().resolve("shared/domain/src/test/resources/scenarios/wait-days-hold-the-next-level.yaml");
        DunningCliTest.Run held = run("explain", "--scenario", file.toString(), "--account", "A1", "--day", "2026-01-05");
        assertEquals(0, held.exit(), held.output());
        assertTrue(held.output().contains("level L2: HELD (L1 fired 3 days ago, waitDays 10)"), held.output());
        DunningCliTest.Run fired = run("explain", "--scenario", file.toString(), "--account", "A1", "--day", "2026-01-12");
        assertTrue(fired.output().contains("level L2: FIRED"), fired.output());
    }
}
