package dunning.functions.billrun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dunning.aws.lambda.SqsBatch;
import dunning.aws.json.Json;
import dunning.aws.memory.RecordingQueueSender;
import dunning.aws.store.AccountDirectory;
import dunning.aws.store.InvoiceIssuer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BillRunHandlerTest {
    static final String BILL_RUN_QUEUE = "http://local/BillRunQueue";
    static final String EVALUATION_QUEUE = "http://local/EvaluationQueue";
    static final String PAYMENT_EVENTS_QUEUE = "http://local/PaymentEventsQueue";

    /** The directory of a bill group of N accounts and a list of accounts with overdue invoices. */
    static final class FakeDirectory implements AccountDirectory {
        final List<String> group;
        final List<String> overdue;
        final List<LocalDate> sweptBefore = new ArrayList<>();

        FakeDirectory(int groupSize, List<String> overdue) {
            this.group = IntStream.range(0, groupSize).mapToObj(i -> String.format("ACC-%04d", i)).toList();
            this.overdue = overdue;
        }

        @Override
        public Page billGroupPage(String billGroup, Optional<String> cursor, int limit) {
            int from = cursor.map(Integer::parseInt).orElse(0);
            int to = Math.min(group.size(), from + limit);
            return new Page(group.subList(from, to), to < group.size() ? Optional.of(String.valueOf(to)) : Optional.empty());
        }

        @Override
        public List<String> accountsWithOpenInvoicesDueBefore(LocalDate dueBefore) {
            sweptBefore.add(dueBefore);
            return overdue;
        }

        @Override
        public List<String> accountsToWakeThrough(LocalDate through) {
            return List.of();
        }

        @Override
        public List<String> accountsWithWorkPendingSince(java.time.Instant before) {
            return List.of();
        }

        @Override
        public Optional<String> accountOfExternalId(String system, String externalId) {
            return Optional.empty();
        }
    }

    /** Issues at most one invoice per account and date, like the DynamoDB issuer's conditional put. */
    static final class FakeIssuer implements InvoiceIssuer {
        final Map<String, Integer> issued = new HashMap<>();

        @Override
        public Outcome issue(String accountId, LocalDate billDate) {
            if (accountId.startsWith("UNKNOWN")) {
                throw new dunning.aws.json.BadMessageException("unknown account " + accountId);
            }
            if (accountId.startsWith("FLAKY")) {
                throw new IllegalStateException("throttled");
            }
            String id = InvoiceIssuer.invoiceId(accountId, billDate);
            return issued.merge(id, 1, Integer::sum) == 1 ? Outcome.ISSUED : Outcome.ALREADY_ISSUED;
        }
    }

    final Clock clock = Clock.fixed(Instant.parse("2026-03-01T06:00:00Z"), ZoneOffset.UTC);
    final RecordingQueueSender sender = new RecordingQueueSender();
    final FakeIssuer issuer = new FakeIssuer();

    BillRunHandler handler(FakeDirectory directory) {
        return new BillRunHandler(new BillRunService(directory, issuer, sender, BILL_RUN_QUEUE, EVALUATION_QUEUE, PAYMENT_EVENTS_QUEUE, clock),
                SqsBatch.withoutDeadLetters(BillRunHandler.NAME));
    }

    static JsonNode invoke(BillRunHandler handler, String input) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, null);
        return Json.parse(out.toString(StandardCharsets.UTF_8));
    }

    static String sqs(String... bodies) throws IOException {
        StringBuilder json = new StringBuilder("{\"Records\":[");
        for (int i = 0; i < bodies.length; i++) {
            json.append(i == 0 ? "" : ",").append("{\"messageId\":\"m").append(i)
                    .append("\",\"receiptHandle\":\"r\",\"body\":").append(Json.mapper().writeValueAsString(bodies[i]))
                    .append(",\"attributes\":{\"ApproximateReceiveCount\":\"1\"},\"eventSource\":\"aws:sqs\"}");
        }
        return json.append("]}").toString();
    }

    @Test
    void a_bill_run_fans_the_group_out_in_pages_without_billing_anyone_itself() throws IOException {
        FakeDirectory directory = new FakeDirectory(120, List.of());
        JsonNode result = invoke(handler(directory), "{\"kind\":\"BILL_RUN\",\"billGroup\":\"monthly\",\"runDunning\":true}");

        assertEquals("120", result.get("accounts").asText());
        List<String> batches = sender.bodies(BILL_RUN_QUEUE);
        assertEquals(3, batches.size());
        assertEquals(List.of(50, 50, 20), batches.stream().map(b -> Json.parse(b).get("accountIds").size()).toList());
        assertEquals("2026-03-01", Json.parse(batches.get(0)).get("billDate").asText(), "bill date is the schedule's day");
        assertTrue(issuer.issued.isEmpty());
        assertTrue(sender.bodies(EVALUATION_QUEUE).isEmpty());
    }

    @Test
    void a_batch_bills_each_account_once_and_queues_it_for_dunning_on_its_own_business_date() throws IOException {
        String batch = "{\"kind\":\"BILL_RUN_BATCH\",\"billGroup\":\"monthly\",\"billDate\":\"2026-03-01\",\"runDunning\":true,"
                + "\"accountIds\":[\"A1\",\"A2\"]}";
        BillRunHandler handler = handler(new FakeDirectory(0, List.of()));

        JsonNode first = invoke(handler, sqs(batch));
        JsonNode redelivered = invoke(handler, sqs(batch));

        assertEquals(0, first.get("batchItemFailures").size());
        assertEquals(0, redelivered.get("batchItemFailures").size());
        assertEquals(Map.of("INV-A1-2026-03-01", 2, "INV-A2-2026-03-01", 2), issuer.issued, "asked twice, the issuer decides once");
        List<String> evaluations = sender.bodies(EVALUATION_QUEUE);
        assertEquals(4, evaluations.size());
        assertFalse(Json.parse(evaluations.get(0)).has("asOf"), "each account is evaluated as of its own business date");
        assertEquals("BILL_RUN", Json.parse(evaluations.get(0)).get("reason").asText());
    }

    /** An account that can never be billed is left out with its reason; its batch-mates and the message proceed (issue 8.10). */
    @Test
    void a_poison_message_in_a_batch_fails_alone() throws IOException {
        String good = "{\"kind\":\"BILL_RUN_BATCH\",\"billGroup\":\"g\",\"billDate\":\"2026-03-01\",\"runDunning\":false,"
                + "\"accountIds\":[\"A1\"]}";
        String unknownAccount = good.replace("A1", "UNKNOWN-1");
        JsonNode result = invoke(handler(new FakeDirectory(0, List.of())), sqs(good, "{not json", unknownAccount,
                good.replace("\"runDunning\":false,", "")));

        List<String> failed = new ArrayList<>();
        result.get("batchItemFailures").forEach(f -> failed.add(f.get("itemIdentifier").asText()));
        assertEquals(List.of("m1", "m3"), failed, "bad JSON and a batch without runDunning fail; the unknown account is left out");
        assertEquals(Map.of("INV-A1-2026-03-01", 1), issuer.issued);
    }

    @Test
    void an_account_failing_for_a_passing_reason_is_retried_alone_and_its_batch_mates_are_billed() throws IOException {
        String batch = "{\"kind\":\"BILL_RUN_BATCH\",\"billGroup\":\"g\",\"billDate\":\"2026-03-01\",\"runDunning\":true,"
                + "\"accountIds\":[\"A1\",\"FLAKY-1\",\"A2\"]}";
        JsonNode result = invoke(handler(new FakeDirectory(0, List.of())), sqs(batch));

        assertEquals(0, result.get("batchItemFailures").size(), "the message is done: the failing account goes on alone");
        assertEquals(Map.of("INV-A1-2026-03-01", 1, "INV-A2-2026-03-01", 1), issuer.issued);
        assertEquals(List.of("A1", "A2"), sender.bodies(EVALUATION_QUEUE).stream().map(b -> Json.parse(b).get("accountId").asText())
                .toList(), "the billed accounts are queued for dunning");
        JsonNode again = Json.parse(sender.bodies(BILL_RUN_QUEUE).get(0));
        assertEquals(List.of("FLAKY-1"), List.of(again.get("accountIds").get(0).asText()));
        assertEquals(2, again.get("attempt").asInt());

        String last = sender.bodies(BILL_RUN_QUEUE).get(0).replace("\"attempt\":2", "\"attempt\":3");
        JsonNode third = invoke(handler(new FakeDirectory(0, List.of())), sqs(last));
        assertEquals(1, third.get("batchItemFailures").size(), "after the last attempt the message fails, and reaches the DLQ");
    }

    @Test
    void the_sweep_queues_only_accounts_found_on_the_overdue_index() throws IOException {
        FakeDirectory directory = new FakeDirectory(1000, List.of("A7", "A9"));
        JsonNode result = invoke(handler(directory), "{\"kind\":\"DUNNING_SWEEP\"}");

        assertEquals("2", result.get("accounts").asText());
        assertEquals(List.of(LocalDate.of(2026, 3, 2)), directory.sweptBefore, "past due in any zone: a day ahead of UTC too");
        assertFalse(Json.parse(sender.bodies(EVALUATION_QUEUE).get(0)).has("asOf"), "each account on its own business date");
        assertEquals(List.of("A7", "A9"), sender.bodies(EVALUATION_QUEUE).stream()
                .map(b -> Json.parse(b).get("accountId").asText()).toList());
        assertTrue(sender.bodies(BILL_RUN_QUEUE).isEmpty());
    }

    @Test
    void the_reminder_horizon_reaches_invoices_due_within_it_and_a_bad_horizon_is_reported() throws IOException {
        FakeDirectory directory = new FakeDirectory(1000, List.of("A7"));
        invoke(handler(directory), "{\"kind\":\"DUNNING_SWEEP\",\"asOf\":\"2026-03-10\",\"reminderHorizonDays\":14}");
        assertEquals(List.of(LocalDate.of(2026, 3, 26)), directory.sweptBefore, "due up to and including March 25: 14 days from the latest local date");

        JsonNode bad = invoke(handler(directory), "{\"kind\":\"DUNNING_SWEEP\",\"reminderHorizonDays\":-1}");
        assertTrue(bad.get("error").asText().contains("reminderHorizonDays"), bad.toString());
    }

    @Test
    void a_bad_schedule_input_is_reported_and_does_not_crash() throws IOException {
        JsonNode result = invoke(handler(new FakeDirectory(5, List.of())), "{\"kind\":\"BILL_RUM\"}");
        assertTrue(result.get("error").asText().contains("BILL_RUN"), result.toString());
        JsonNode notJson = invoke(handler(new FakeDirectory(5, List.of())), "not json at all");
        assertTrue(notJson.get("error").asText().startsWith("input is not JSON"), notJson.toString());
        assertTrue(sender.bodies(BILL_RUN_QUEUE).isEmpty());
    }
}
