package dunning.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dunning.local.junit.LocalCloudExtension;
import dunning.local.runtime.LocalRuntime;
import dunning.local.seed.TableSeeder;
import dunning.local.ses.LocalSes;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The thin slice through the whole deployed chain, on the local cloud provisioned from
 * template.yaml: an invoice one day overdue, a one-level plan that sends an email; the daily
 * sweep schedule finds it, evaluation decides, notification sends through SES, and the mail is
 * read back from the SES endpoint.
 */
@ExtendWith(LocalCloudExtension.class)
class ChainSliceTest {
    static final String ONE_LEVEL_PLAN = String.join("\n",
            "id: slice",
            "name: Slice",
            "paths:",
            "  STANDARD:",
            "    - { name: Reminder, days: 1, actions: [ { email: { template: first-reminder } } ] }");

    static void seedOneOverdueInvoice(LocalCloud cloud) {
        seed(cloud.clients().dynamoDb(), cloud.tableName());
    }

    static void seed(DynamoDbClient client, String table) {
        new TableSeeder(client, table)
                .plan("slice", ONE_LEVEL_PLAN)
                .arTerm("net0", 0, "slice")
                .account(new TableSeeder.Account("A1", "Ada Lovelace", "ada@example.org", "en", "UTC", "USD", "net0", null,
                        List.of(), BigDecimal.ZERO, false, 0, List.of(), Map.of()))
                .invoice("A1", "INV-1", LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 1), "USD",
                        new BigDecimal("120.00"), new BigDecimal("120.00"))
                .flush();
    }

    @Test
    void an_invoice_one_day_overdue_gets_its_reminder_through_the_whole_chain(LocalCloud cloud) {
        seedOneOverdueInvoice(cloud);

        cloud.runtime().advanceTo(Instant.parse("2026-01-03T00:00:00Z"));

        List<LocalSes.Sent> mail = cloud.ses().outbox();
        assertEquals(1, mail.size(), "one reminder, once: " + mail);
        LocalSes.Sent reminder = mail.get(0);
        assertEquals(List.of("ada@example.org"), reminder.to());
        assertEquals("billing@example.com", reminder.from());
        assertTrue(reminder.text().contains("INV-1"), reminder.text());
        assertTrue(reminder.text().contains("120.00"), reminder.text());
        assertEquals(Instant.parse("2026-01-02T06:00:00Z"), reminder.at(), "sent at the sweep on the day after the due date");

        List<String> chain = cloud.runtime().invocations().stream()
                .filter(i -> i.at().equals(Instant.parse("2026-01-02T06:00:00Z")) && !i.trigger().endsWith("RedispatchSweep"))
                .map(i -> i.function() + " " + i.trigger()).toList();
        assertEquals(List.of(
                "BillRunFunction schedule DailyDunningSweep",
                "DunningEvaluationFunction sqs Evaluations",
                "NotificationFunction sqs Notifications"), chain);
        assertTrue(cloud.runtime().invocations().stream().allMatch(i -> i.failed() == 0 && i.error().isEmpty()),
                () -> "no failed invocation: " + cloud.runtime().invocations());
        for (String dlq : List.of("EvaluationQueueDLQ", "NotificationQueueDLQ")) {
            assertEquals("0", cloud.clients().sqs().getQueueAttributes(b -> b.queueUrl(cloud.stack().queueUrl(dlq))
                    .attributeNamesWithStrings("ApproximateNumberOfMessages")).attributesAsStrings().get("ApproximateNumberOfMessages"));
        }
    }

    @Test
    void the_next_days_sweeps_send_nothing_more(LocalCloud cloud) {
        seedOneOverdueInvoice(cloud);

        cloud.runtime().advanceTo(Instant.parse("2026-01-10T00:00:00Z"));

        assertEquals(1, cloud.ses().outbox().size());
        long evaluations = cloud.runtime().invocations().stream()
                .filter(i -> i.function().equals("DunningEvaluationFunction")).count();
        assertEquals(9, evaluations, "evaluated on each sweep from Jan 1 (due that day: within the reminder horizon) to Jan 9");
        assertTrue(cloud.runtime().invocations().stream().map(LocalRuntime.Invocation::function)
                .filter(f -> f.equals("NotificationFunction")).count() == 1);
    }
}
