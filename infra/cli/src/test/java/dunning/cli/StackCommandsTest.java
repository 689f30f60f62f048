package dunning.cli;

import static dunning.cli.DunningCliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dunning.aws.dynamodb.Attr;
import dunning.aws.dynamodb.DynamoTable;
import dunning.aws.dynamodb.EffectCodec;
import dunning.aws.dynamodb.HistoryCodec;
import dunning.aws.dynamodb.Keys;
import dunning.domain.engine.Decision;
import dunning.domain.engine.Effect;
import dunning.domain.plan.Plan;
import dunning.local.LocalCloud;
import dunning.local.portfolio.Simulation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stack commands against the local cloud, started in this JVM: its DynamoDB endpoint is what
 * {@code --endpoint} gets. The main job (a small portfolio) runs once on it for {@code explain};
 * the plan commands each work on a fresh table of the same stack.
 */
class StackCommandsTest {
    static final LocalDate START = LocalDate.of(2026, 1, 1);
    static final String PLAN = String.join("\n", "id: tiers", "minimumOverdue: { USD: \"5.00\" }", "paths:", "  STANDARD:",
            "    - { name: Reminder, days: 1, actions: [ { email: { template: first-reminder } } ] }",
            "    - { name: Notice, days: 10, actions: [ { email: { template: important-notice } } ] }", "");
    static final String TEMPLATE = String.join("\n", "== subject ==", "Important: {{overdueAmount}}", "== text ==", "Pay at {{payLink}}",
            "== html ==", "<p>Pay at {{payLink}}</p>", "");

    static LocalCloud cloud;

    @BeforeAll
    static void mainJob() {
        cloud = LocalCloud.start(LocalCloud.Options.defaults().startingAt(Simulation.startInstant(START)));
        cloud.runtime().concurrency(2);
        new Simulation(cloud, new Simulation.Options(20, 40, 3, START)).run(day -> { });
    }

    @AfterAll
    static void stop() {
        cloud.close();
    }

    static String[] at(String table, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--endpoint", cloud.dynamoDb().endpoint().toString(), "--region", LocalCloud.REGION, "--table", table));
        return all.toArray(String[]::new);
    }

    /** An account the main job suspended, and the day it did. */
    static Effect.ChangeStatus aSuspension() {
        List<Effect.ChangeStatus> suspensions = new ArrayList<>();
        cloud.clients().dynamoDb().scanPaginator(b -> b.tableName(cloud.tableName())).items().forEach(i -> {
            if (Attr.str(i, Keys.PK).startsWith("ACTION#")) {
                EffectCodec.of(i).filter(e -> e instanceof Effect.ChangeStatus c && c.to() == Plan.Status.SUSPENDED)
                        .ifPresent(e -> suspensions.add((Effect.ChangeStatus) e));
            }
        });
        assertFalse(suspensions.isEmpty(), "the main job suspends some accounts");
        suspensions.sort(java.util.Comparator.comparing(Effect::day).thenComparing(e -> e.context().account()));
        return suspensions.get(0);
    }

    @Test
    void explain_prints_the_suspended_accounts_inputs_and_the_reason_of_every_level_with_the_plan_version() {
        Effect.ChangeStatus suspension = aSuspension();
        String account = suspension.context().account();
        LocalDate day = suspension.day();

        DunningCliTest.Run r = run(at(cloud.tableName(), "explain", "--account", account, "--day", day.toString()));

        assertEquals(0, r.exit(), r.output());
        System.out.print(r.output());
        List<String> lines = r.output().lines().toList();
        assertEquals("Account " + account + " on " + day + ":", lines.get(0));
        assertTrue(lines.get(1).matches("  as of " + day + ": \\d+ days overdue, [0-9.]+ [A-Z]{3} overdue on \\d+ invoice\\(s\\),"
                + " minimum [0-9.]+; plan subscriptions v1, path [A-Z_]+, episode \\d+"), lines.get(1));
        String level = suspension.level().orElseThrow();
        assertTrue(lines.contains("  level " + level + ": FIRED (the highest level reached)"), r.output());
        for (Plan.Level l : levelsOf(account, day)) {
            assertTrue(lines.stream().anyMatch(x -> x.startsWith("  level " + l.name() + ": ")), l.name() + " in " + r.output());
        }
        // the same lines as explain prints for a scenario: Decision.lines() of the records kept in the table
        List<String> expected = new ArrayList<>(List.of("Account " + account + " on " + day + ":"));
        DynamoTable table = new DynamoTable(cloud.clients().dynamoDb(), cloud.tableName());
        table.collection(Keys.accountHistory(account), HistoryCodec.SK_DECISION + day + "#")
                .forEach(i -> HistoryCodec.decision(i).lines().forEach(x -> expected.add("  " + x)));
        assertEquals(expected, lines);

        DunningCliTest.Run all = run(at(cloud.tableName(), "explain", "--account", account));
        assertEquals(0, all.exit(), all.output());
        assertTrue(all.output().contains(r.output()), "every day's records, that day's among them");
        assertTrue(all.output().lines().filter(x -> x.startsWith("Account " + account + " on ")).count() >= 2, all.output());
    }

    /** The levels of the path the account's episode was on that day (from the plan version its decision names). */
    static List<Plan.Level> levelsOf(String account, LocalDate day) {
        DynamoTable table = new DynamoTable(cloud.clients().dynamoDb(), cloud.tableName());
        Decision d = HistoryCodec.decision(table.collection(Keys.accountHistory(account), HistoryCodec.SK_DECISION + day + "#").get(0));
        Decision.Inputs in = d.inputs().orElseThrow();
        return new dunning.aws.dynamodb.DynamoPlanCatalog(table, java.time.Clock.systemUTC()).version(in.planId(), in.planVersion())
                .levels(in.path().orElseThrow());
    }

    @Test
    void explain_tells_an_unknown_account_and_a_day_without_records() {
        DunningCliTest.Run unknown = run(at(cloud.tableName(), "explain", "--account", "NO-SUCH"));
        assertEquals(DunningCli.EXIT_FAILED, unknown.exit(), unknown.output());
        assertEquals("no account 'NO-SUCH' in the table", unknown.output().strip());
        String account = aSuspension().context().account();
        DunningCliTest.Run quiet = run(at(cloud.tableName(), "explain", "--account", account, "--day", "2025-06-01"));
        assertEquals(0, quiet.exit(), quiet.output());
        assertEquals("Account " + account + " on 2025-06-01:\n  no decision record: the evaluation changed nothing that day",
                quiet.output().strip());
        DunningCliTest.Run noTable = run("explain", "--account", account, "--endpoint", cloud.dynamoDb().endpoint().toString(),
                "--region", LocalCloud.REGION);
        assertEquals(DunningCli.EXIT_USAGE, noTable.exit(), noTable.output());
        assertTrue(noTable.output().contains("--table"), noTable.output());
    }

    @Test
    void publish_writes_versions_terms_and_templates_and_list_show_and_diff_read_them(@TempDir Path dir) throws IOException {
        String table = cloud.newTable();
        Path plan = Files.writeString(dir.resolve("tiers.yaml"), PLAN);
        Path templates = dir.resolve("templates");
        Files.createDirectories(templates.resolve("en"));
        Files.writeString(templates.resolve("en/important-notice.notice"), TEMPLATE);
        Path terms = Files.writeString(dir.resolve("terms.yaml"), "arTerms:\n  - { id: net30, netDays: 30, plan: tiers }\n");

        DunningCliTest.Run first = run(at(table, "plan", "publish", plan.toString(), "--templates", templates.toString(),
                "--terms", terms.toString()));
        assertEquals(0, first.exit(), first.output());
        assertEquals(List.of("templates: version 1 published (1 file(s) from " + templates + ")", "plan tiers: version 1 published",
                "AR term net30: net 30 days, plan tiers"), first.output().lines().toList());

        Files.writeString(plan, "# reformatted, the same content\n" + PLAN.replace("id: tiers", "name: tiers\nid: tiers"));
        DunningCliTest.Run same = run(at(table, "plan", "publish", plan.toString()));
        assertEquals(List.of("plan tiers: unchanged, version 1 has the same content"), same.output().lines().toList(), same.output());

        Files.writeString(plan, PLAN.replace("days: 10", "days: 7"));
        DunningCliTest.Run second = run(at(table, "plan", "publish", plan.toString(), "--apply-to-open-episodes"));
        assertEquals(List.of("plan tiers: version 2 published, applied to open episodes"), second.output().lines().toList());

        DunningCliTest.Run list = run(at(table, "plan", "list"));
        assertEquals(0, list.exit(), list.output());
        List<String> listed = list.output().lines().toList();
        assertTrue(listed.get(0).matches("plan tiers: version 2, published \\S+; version 2 applies to open episodes"), list.output());
        assertEquals(List.of("AR term net30: net 30 days, plan tiers", "templates: version 1, important-notice"), listed.subList(1, 3));

        DunningCliTest.Run show = run(at(table, "plan", "show", "tiers", "--version", "1"));
        assertEquals(0, show.exit(), show.output());
        assertTrue(show.output().startsWith("# plan tiers version 1 of 2, published "), show.output());
        assertTrue(show.output().contains("  - name: Notice\n    days: 10\n"), show.output());
        assertTrue(run(at(table, "plan", "show", "tiers")).output().contains("    days: 7\n"));

        DunningCliTest.Run diff = run(at(table, "plan", "diff", "tiers", "1", "2"));
        assertEquals(List.of("plan tiers, version 1 → version 2:", "  ~ paths.STANDARD[Notice].days: 10 → 7"), diff.output().lines().toList());

        assertEquals(DunningCli.EXIT_FAILED, run(at(table, "plan", "show", "tiers", "--version", "3")).exit());
        assertEquals(DunningCli.EXIT_FAILED, run(at(table, "plan", "diff", "nope", "1", "2")).exit());
    }

    @Test
    void publish_rejects_a_template_no_source_holds_with_the_field_path_and_writes_nothing(@TempDir Path dir) throws IOException {
        String table = cloud.newTable();
        Path plan = Files.writeString(dir.resolve("tiers.yaml"), PLAN.replace("important-notice", "notice-2"));
        Path terms = Files.writeString(dir.resolve("terms.yaml"), "arTerms:\n  - { id: net0, netDays: 0, plan: ghost, extra: 1 }\n");

        DunningCliTest.Run r = run(at(table, "plan", "publish", plan.toString(), "--terms", terms.toString()));

        assertEquals(DunningCli.EXIT_FAILED, r.exit(), r.output());
        assertEquals(List.of(
                plan + ": paths.STANDARD[1].actions[0].email.template: unknown template notice-2: neither in the default catalog"
                        + " nor in the stack's published templates",
                terms + ": arTerms[0].extra: unknown field (expected one of id, netDays, plan)",
                terms + ": arTerms[0].plan: unknown plan ghost: neither in this publish nor in the stack",
                "nothing published: 3 problem(s)"), r.output().lines().toList());
        assertEquals(List.of("no plan published to table " + table, "templates: the default catalog only"),
                run(at(table, "plan", "list")).output().lines().toList());
    }

    @Test
    void validate_takes_the_users_templates_and_names_their_problems(@TempDir Path dir) throws IOException {
        Path plan = Files.writeString(dir.resolve("tiers.yaml"), PLAN);
        Path templates = dir.resolve("templates");
        Files.createDirectories(templates.resolve("en"));
        DunningCliTest.Run without = run("plan", "validate", plan.toString());
        assertEquals(DunningCli.EXIT_FAILED, without.exit());

        Files.writeString(templates.resolve("en/important-notice.notice"), TEMPLATE);
        DunningCliTest.Run with = run("plan", "validate", "--templates", templates.toString(), plan.toString());
        assertEquals(List.of(templates + ": OK (1 template(s))", plan + ": OK"), with.output().lines().toList(), with.output());

        Files.writeString(templates.resolve("en/important-notice.notice"), TEMPLATE.replace("{{payLink}}", "{{payLnk}}"));
        DunningCliTest.Run broken = run("plan", "validate", "--templates", templates.toString(), plan.toString());
        assertEquals(DunningCli.EXIT_FAILED, broken.exit());
        assertTrue(broken.output().contains(templates + "/en/important-notice.notice: line 4: unknown variable 'payLnk'"), broken.output());
    }
}
