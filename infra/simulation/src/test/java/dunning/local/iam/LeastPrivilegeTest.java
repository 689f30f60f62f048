package dunning.local.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dunning.aws.dynamodb.AccountItems;
import dunning.aws.dynamodb.DynamoTable;
import dunning.aws.dynamodb.Keys;
import dunning.aws.eventbridge.EventPublisher.PublishedEvent;
import dunning.aws.json.Json;
import dunning.aws.messages.EvaluateAccount;
import dunning.aws.store.InvoiceIssuer;
import dunning.domain.scenario.Scenario;
import dunning.domain.scenario.ScenarioReader;
import dunning.domain.scenario.ScenarioRunner;
import dunning.local.LocalCloud;
import dunning.local.payments.BillingSystem;
import dunning.local.scenario.LocalChainDunning;
import dunning.local.seed.TableSeeder;
import dunning.local.template.CfnValue;
import dunning.local.template.SamTemplate;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.model.PutPartnerEventsRequestEntry;

/**
 * Least privilege, checked against the code: a workload through the real chain on the local cloud
 * exercises every path of the six functions that calls AWS, {@link IamActionRecorder} records each
 * IAM action each function needed and on which resource, and the comparison with what template.yaml
 * grants each function ({@link TemplateGrants}) must come out empty both ways: nothing granted that no
 * code called, nothing called that the template does not grant.
 *
 * <p>The workload: ten scenario files through the deployed chain (emails, fixed fees, SUSPENDED with
 * its reinstatement and the Dunning Episode Closed event, WRITTEN_OFF and a recovery, IN_COLLECTIONS,
 * Collections Handoff, tasks, payment retries on a soft decline, an approval requested and given, a
 * payment plan, a dispute, an exemption, a pre-due reminder, own payments and account instructions),
 * then one stack run on the template's own schedules: the hourly redispatch sweep, the daily sweep,
 * the bill run of the first bill group and its BillRunQueue batches (one account with an unbilled fee
 * to move onto its invoice), a payment parked for an account not sent yet, handed back by the hourly sweep
 * and booked when the account and its invoice arrive (Account Upserted, Invoice Issued), a Stripe
 * invoice.paid for a customer known by its Stripe id, an account
 * whose profile cannot be evaluated (set aside) and then mended (taken back), and one bad message on
 * every function's source queue (each goes to that function's DLQ through its own send).
 *
 * <p>The event source mapping's polling is left out of the comparison (see {@link LeastPrivilege}).
 */
class LeastPrivilegeTest {
    /**
     * Grants the template must hold that this workload cannot exercise, each with its reason. Empty:
     * every granted action is called here.
     */
    static final List<LeastPrivilege.Allowed> ALLOW_LIST = List.of();

    static final List<String> SCENARIOS = List.of(
            "event-task-and-retry-actions.yaml",
            "approval-requested-then-approved.yaml",
            "close-reinstate-and-new-episode.yaml",
            "write-off-then-recovery.yaml",
            "level-own-minimum.yaml",
            "soft-decline-retries.yaml",
            "payment-plan-kept.yaml",
            "dispute-opened-and-closed.yaml",
            "exemption-toggled.yaml",
            "reminder-before-due-date.yaml");

    static final String PLAN = String.join("\n",
            "id: ops",
            "name: Operations",
            "paths:",
            "  STANDARD:",
            "    - { name: Reminder, days: 1, actions: [ { email: { template: first-reminder } } ] }",
            "    - name: Notice",
            "      days: 10",
            "      actions: [ { email: { template: second-notice } }, { fee: { fixed: { USD: \"15.00\" } } } ]");

    static StackArns arns;
    static final Set<LeastPrivilege.Use> CALLED = new HashSet<>();

    static Path template() {
        return LocalCloud.findTemplate(Path.of("").toAbsolutePath());
    }

    @BeforeAll
    static void run_the_workload() throws IOException {
        arns = new StackArns(SamTemplate.read(template()));
        IamActionRecorder.reset();
        Path scenarios = template().getParent().resolve("shared/domain/src/test/resources/scenarios");
        for (String name : SCENARIOS) {
            Path file = scenarios.resolve(name);
            ScenarioReader.Result read = new ScenarioReader().read(file);
            assertTrue(read.scenario().isPresent(), () -> name + " does not read: " + read.problems());
            Scenario scenario = read.scenario().get();
            try (LocalCloud cloud = LocalCloud.start(LocalChainDunning.cloudOptions(scenario))) {
                ScenarioRunner.Result result = new ScenarioRunner().run(scenario, new LocalChainDunning(cloud, LocalChainDunning.planTexts(file)));
                assertTrue(result.passed(), () -> name + ": expected " + result.expected() + "\n  actual " + result.actual()
                        + "\n  final " + result.finalMismatch());
                collect(cloud);
            }
        }
        try (LocalCloud cloud = LocalCloud.start(LocalCloud.Options.defaults().startingAt(Instant.parse("2026-01-31T01:30:00Z")))) {
            runTheStack(cloud);
            collect(cloud);
        }
    }

    /** What was recorded on {@code cloud}, named as the deployed stack's resources. */
    static void collect(LocalCloud cloud) {
        CallTargets targets = new CallTargets(arns, cloud);
        for (IamActionRecorder.Call c : IamActionRecorder.drain()) {
            CALLED.add(new LeastPrivilege.Use(c.function(), c.need().action(), targets.arnOf(c.need().target())));
        }
    }

    static void runTheStack(LocalCloud cloud) {
        // the first bill group: BillRunFirstGroup bills it on the 1st
        String group = cloud.stack().resolver().resolveString(new CfnValue.Select(new CfnValue.Scalar(0L), new CfnValue.Ref("BillGroups")));
        TableSeeder seeder = new TableSeeder(cloud.clients().dynamoDb(), cloud.tableName()).plan("ops", PLAN).arTerm("net0", 0, "ops");
        for (String id : List.of("B1", "B2", "B3")) {
            seeder.account(account(id, "USD", group, Map.of()));
        }
        // a late fee booked and not yet billed: the bill run moves it onto B1's invoice (a Delete in its transaction)
        seeder.put(AccountItems.charge("B1", "fee-1", "LATE_FEE", new BigDecimal("15.00"), "USD", LocalDate.of(2026, 1, 20),
                "Late fee", "seed"));
        seeder.account(account("S1", "USD", null, Map.of("stripe", "cus_S1")));
        seeder.invoice("S1", "INV-S1", LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 10), "USD", new BigDecimal("90.00"),
                new BigDecimal("90.00"));
        seeder.account(account("P1", "USD", null, Map.of()));
        seeder.invoice("P1", "INV-P1", LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 20), "USD", new BigDecimal("60.00"),
                new BigDecimal("60.00"));
        // a profile the evaluation cannot use (no such currency): the account is set aside with its reason
        seeder.account(account("X1", "XYZ", null, Map.of()));
        seeder.invoice("X1", "INV-X1", LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 20), "USD", new BigDecimal("30.00"),
                new BigDecimal("30.00"));
        seeder.flush();

        // a payment for an account the billing system has not sent yet: parked, and handed back by every hourly sweep
        BillingSystem early = new BillingSystem(cloud);
        early.publish(List.of(early.succeeded("pay-q1", "Q1", Optional.of("INV-Q1"), new BigDecimal("25.00"), "USD")));
        cloud.runtime().drain();

        // the redispatch sweep every hour, the daily sweeps of Jan 31 and Feb 1, the bill run on Feb 1 at 02:00 and its batches
        cloud.runtime().advanceTo(Instant.parse("2026-02-01T07:00:00Z"));
        DynamoTable table = new DynamoTable(cloud.clients().dynamoDb(), cloud.tableName());
        for (String billed : List.of("B1", "B2", "B3")) {
            assertTrue(table.get(Keys.account(billed), Keys.invoiceSk(InvoiceIssuer.invoiceId(billed, LocalDate.of(2026, 2, 1)))).isPresent(),
                    billed + " was billed by the bill run");
        }
        assertTrue(table.get(Keys.account("B1"), Keys.SK_CHARGE + "fee-1").isEmpty(), "B1's unbilled fee went onto its invoice");
        for (String overdue : List.of("s1@example.org", "p1@example.org")) {
            assertTrue(cloud.ses().outbox().stream().anyMatch(m -> m.to().contains(overdue)), "the sweep's evaluation mailed " + overdue);
        }

        // Stripe's invoice.paid on its partner bus, for the customer known by its Stripe id
        String stripeSource = cloud.stack().resolver().resolveString(new CfnValue.Ref("StripeEventBusName"));
        String stripe = "{\"id\":\"evt_1QleastPrivilege\",\"object\":\"event\",\"api_version\":\"2024-06-20\",\"created\":1769940000,"
                + "\"type\":\"invoice.paid\",\"data\":{\"object\":{\"id\":\"in_1QleastPrivilege\",\"object\":\"invoice\","
                + "\"customer\":\"cus_S1\",\"currency\":\"usd\",\"amount_due\":9000,\"amount_paid\":9000,\"amount_remaining\":0,"
                + "\"status\":\"paid\",\"created\":1769930000,\"charge\":\"ch_1QleastPrivilege\"}}}";
        var put = cloud.clients().eventBridge().putPartnerEvents(b -> b.entries(PutPartnerEventsRequestEntry.builder()
                .source(stripeSource).detailType("invoice.paid").detail(stripe).build()));
        assertEquals(0, put.failedEntryCount(), put.toString());
        // the own payment service and an account instruction; the billing system sends Q1 and its invoice: the parked payment is booked
        BillingSystem billing = new BillingSystem(cloud);
        billing.publish(List.of(billing.accountUpserted(TableSeeder.profile(account("Q1", "USD", null, Map.of()))),
                billing.invoiceIssued("Q1", "INV-Q1", LocalDate.of(2026, 2, 1), LocalDate.of(2026, 2, 1), new BigDecimal("25.00"), "USD")));
        cloud.runtime().drain();
        assertTrue(table.get(Keys.account("Q1"), Keys.parkedSk("Succeeded:pay-q1")).isEmpty(), "the parked payment was booked");
        List<PublishedEvent> upstream = new ArrayList<>();
        upstream.add(billing.failed("pay-1", "P1", "INV-P1", new BigDecimal("60.00"), "USD", "insufficient_funds"));
        upstream.add(billing.succeeded("pay-2", "P1", Optional.of("INV-P1"), new BigDecimal("20.00"), "USD"));
        upstream.add(billing.disputeChanged("ins-1", "P1", "INV-P1", true));
        billing.publish(upstream);
        cloud.runtime().drain();
        assertTrue(cloud.ses().outbox().stream().filter(m -> m.to().contains("p1@example.org")).count() >= 2,
                "P1 got its payment-failed notice");

        assertTrue(table.get(Keys.account("X1"), Keys.SK_PROBLEM).isPresent(), "X1 was set aside with its reason");
        // X1's profile mended: its next evaluation takes it back into dunning
        new TableSeeder(cloud.clients().dynamoDb(), cloud.tableName()).account(account("X1", "USD", null, Map.of())).flush();
        cloud.clients().sqs().sendMessage(b -> b.queueUrl(cloud.stack().queueUrl("EvaluationQueue"))
                .messageBody(Json.write(new EvaluateAccount("X1", Optional.empty(), Optional.of(EvaluateAccount.Reason.MANUAL)).toJson())));
        cloud.runtime().drain();
        assertTrue(table.get(Keys.account("X1"), Keys.SK_PROBLEM).isEmpty(), "X1 is back in dunning");

        // one bad message on every function's source queue: each function sends it to its own DLQ
        List<String> deadLetterQueues = new ArrayList<>();
        for (SamTemplate.FunctionDef f : cloud.template().functions()) {
            for (SamTemplate.SqsEventSource source : f.sqsEventSources()) {
                String queue = source.queueLogicalId().orElseThrow();
                cloud.clients().sqs().sendMessage(b -> b.queueUrl(cloud.stack().queueUrl(queue)).messageBody("this is not JSON"));
                deadLetterQueues.add(cloud.template().queue(queue).orElseThrow().redrive().orElseThrow().deadLetterQueueLogicalId().orElseThrow());
            }
        }
        cloud.runtime().drain();
        for (String dlq : deadLetterQueues) {
            String count = cloud.clients().sqs().getQueueAttributes(b -> b.queueUrl(cloud.stack().queueUrl(dlq))
                    .attributeNamesWithStrings("ApproximateNumberOfMessages")).attributesAsStrings().get("ApproximateNumberOfMessages");
            assertEquals("1", count, dlq + " holds the bad message, and only it");
        }
    }

    static TableSeeder.Account account(String id, String currency, String billGroup, Map<String, String> external) {
        List<TableSeeder.Recurring> recurring = billGroup == null ? List.of()
                : List.of(new TableSeeder.Recurring("Subscription", new BigDecimal("40.00")));
        return new TableSeeder.Account(id, "Account " + id, id.toLowerCase() + "@example.org", "en", "UTC", currency, "net0", billGroup,
                List.of(), BigDecimal.ZERO, false, 0, recurring, external);
    }

    static List<String> differences(Path templateFile) {
        StackArns a = new StackArns(SamTemplate.read(templateFile));
        return LeastPrivilege.differences(a, TemplateGrants.read(a), CALLED, ALLOW_LIST);
    }

    @Test
    void each_function_is_granted_exactly_the_actions_its_code_calls() {
        List<String> differences = differences(template());
        assertEquals(List.of(), differences, () -> String.join("\n", differences)
                + "\n\nwhat the functions called:\n" + String.join("\n", LeastPrivilege.table(arns, CALLED)));
    }

    @Test
    void the_workload_made_every_function_call_aws_and_send_to_its_own_dlq() {
        System.out.println("IAM actions the functions called:\n" + String.join("\n", LeastPrivilege.table(arns, CALLED)));
        for (SamTemplate.FunctionDef f : arns.template().functions()) {
            String dlq = f.sqsEventSources().get(0).queueLogicalId().flatMap(arns.template()::queue).orElseThrow()
                    .redrive().orElseThrow().deadLetterQueueLogicalId().orElseThrow();
            assertTrue(CALLED.contains(new LeastPrivilege.Use(f.logicalId(), "sqs:SendMessage", arns.queueArn(dlq))),
                    f.logicalId() + " sent its bad message to " + dlq);
        }
        Set<String> unmapped = new TreeSet<>();
        CALLED.stream().filter(u -> u.resource().startsWith("unmapped") || u.resource().startsWith("unknown")).forEach(u -> unmapped.add(u.toString()));
        assertEquals(Set.of(), unmapped, "every call has its documented IAM action, on a resource of the template");
    }

    /**
     * The other half of "give a function only what it uses": every variable a function's Environment
     * sets is one its code reads (its handler's REQUIRED_ENV), apart from JAVA_TOOL_OPTIONS, which the
     * JVM reads. (TemplateConsistencyTest checks the converse: everything the code reads is set.)
     */
    @Test
    void every_environment_variable_a_function_is_given_is_one_its_code_reads() throws ReflectiveOperationException {
        List<String> unread = new ArrayList<>();
        for (SamTemplate.FunctionDef f : arns.template().functions()) {
            Set<String> read = ((Set<?>) Class.forName(f.handlerClass()).getField("REQUIRED_ENV").get(null)).stream()
                    .map(String::valueOf).collect(Collectors.toSet());
            f.environment().keySet().stream().filter(name -> !read.contains(name) && !name.equals("JAVA_TOOL_OPTIONS"))
                    .forEach(name -> unread.add(f.logicalId() + ": " + name + " is set but " + f.handlerClass() + " does not read it"));
        }
        assertEquals(List.of(), unread);
    }

    /** A copy of template.yaml in {@code dir} with {@code policy} (YAML lines) first among {@code function}'s Policies. */
    static Path withPolicy(Path dir, String function, String policy) throws IOException {
        Path copy = dir.resolve("template.yaml");
        String text = Files.readString(template());
        String marker = "      Policies:\n";
        int at = text.indexOf(marker, text.indexOf("  " + function + ":")) + marker.length();
        Files.writeString(copy, text.substring(0, at) + policy + text.substring(at));
        return copy;
    }

    @Test
    void a_grant_no_code_calls_is_named(@TempDir Path tmp) throws IOException {
        Path copy = withPolicy(tmp, "FeeApplicationFunction",
                "        - Statement:\n            - Effect: Allow\n              Action: [dynamodb:Scan]\n"
                + "              Resource: !GetAtt DunningTable.Arn\n");
        assertEquals(List.of("FeeApplicationFunction: grants dynamodb:Scan on DunningTable, which no code called"), differences(copy));
    }

    @Test
    void a_call_the_template_does_not_grant_is_named(@TempDir Path tmp) throws IOException {
        Path copy = tmp.resolve("template.yaml");
        String text = Files.readString(template());
        int function = text.indexOf("  NotificationFunction:");
        int action = text.indexOf("- ses:SendEmail\n", function);
        int lineStart = text.lastIndexOf('\n', action) + 1;
        Files.writeString(copy, text.substring(0, lineStart) + text.substring(text.indexOf('\n', action) + 1));
        List<String> differences = differences(copy);
        assertTrue(differences.contains("NotificationFunction: calls ses:SendEmail on SesIdentity (identity/"
                + arns.sesIdentity().orElseThrow() + "), which the template does not grant"), String.join("\n", differences));
    }

    @Test
    void a_sam_policy_template_is_expanded_as_sam_does_and_its_excess_named(@TempDir Path tmp) throws IOException {
        Path copy = withPolicy(tmp, "StatusChangeFunction", "        - DynamoDBCrudPolicy:\n            TableName: !Ref DunningTable\n");
        List<String> differences = differences(copy);
        assertTrue(differences.contains("StatusChangeFunction: grants dynamodb:Scan on DunningTable, which no code called"),
                String.join("\n", differences));
        assertTrue(differences.stream().anyMatch(d -> d.startsWith("StatusChangeFunction Policies[0] (DynamoDBCrudPolicy): dynamodb:Query on the wildcard resource")),
                String.join("\n", differences));
    }
}
