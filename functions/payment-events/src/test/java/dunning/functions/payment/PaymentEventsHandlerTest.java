package dunning.functions.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dunning.aws.dynamodb.AccountCodec;
import dunning.aws.dynamodb.AccountItems;
import dunning.aws.dynamodb.Attr;
import dunning.aws.dynamodb.DynamoTable;
import dunning.aws.dynamodb.EventCodec;
import dunning.aws.dynamodb.Keys;
import dunning.aws.json.Json;
import dunning.aws.messages.ParkedRetry;
import dunning.aws.store.ParkedEvents;
import dunning.domain.account.Invoice;
import dunning.domain.engine.AccountEvent;
import dunning.local.LocalCloud;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The real handler, wired as Lambda wires it, on a local cloud provisioned from template.yaml: the
 * stack's own billing events and the events/ samples, each as Lambda's SQS event source delivers it.
 * What the evaluation then makes of them is the chain tests' (infra/simulation).
 */
class PaymentEventsHandlerTest {
    static final Instant NOW = Instant.parse("2026-02-01T12:00:00Z");
    static LocalCloud cloud;
    static PaymentEventsHandler handler;
    static DynamoTable table;
    static int messages;

    @BeforeAll
    static void start() {
        cloud = LocalCloud.start(LocalCloud.Options.defaults().startingAt(NOW));
        handler = new PaymentEventsHandler(cloud.environmentFor(PaymentEventsHandler.NAME), Clock.fixed(NOW, ZoneOffset.UTC));
        table = new DynamoTable(cloud.clients().dynamoDb(), cloud.tableName());
    }

    @AfterAll
    static void stop() {
        cloud.close();
    }

    static ObjectNode sample(String name) throws IOException {
        return (ObjectNode) Json.parse(Files.readString(Path.of(sampleRoot(), "events", name + ".json")));
    }

    static SQSEvent batch(List<String> bodies) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (String body : bodies) {
            SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
            m.setMessageId("m" + (messages++));
            m.setBody(body);
            m.setAttributes(Map.of("ApproximateReceiveCount", "1"));
            m.setEventSourceArn("arn:aws:sqs:us-east-1:000000000000:PaymentEventsQueue");
            records.add(m);
        }
        SQSEvent e = new SQSEvent();
        e.setRecords(records);
        return e;
    }

    static SQSBatchResponse deliver(JsonNode... envelopes) {
        List<String> bodies = new ArrayList<>();
        for (JsonNode e : envelopes) {
            bodies.add(Json.write(e));
        }
        return handler.handleRequest(batch(bodies), null);
    }

    static ObjectNode detail(ObjectNode envelope) {
        return (ObjectNode) envelope.get("detail");
    }

    static ObjectNode account(String id, String updatedAt) throws IOException {
        ObjectNode a = sample("account-upserted");
        detail(a).put("accountId", id).put("updatedAt", updatedAt);
        ((ObjectNode) detail(a).get("externalIds")).put("stripe", "cus_" + id).put("crm", "crm-" + id);
        return a;
    }

    static ObjectNode invoice(String account, String id, String amount) throws IOException {
        ObjectNode i = sample("invoice-issued");
        detail(i).put("accountId", account).put("invoiceId", id).put("amount", amount);
        return i;
    }

    static List<AccountEvent> inbox(String account) {
        List<AccountEvent> out = new ArrayList<>();
        for (Map<String, AttributeValue> i : table.collection(Keys.account(account))) {
            if (Attr.str(i, Keys.SK).startsWith(Keys.SK_INBOX)) {
                out.add(EventCodec.of(i).orElseThrow());
            }
        }
        return out;
    }

    static long parked(String partition) {
        return table.collection(partition).stream().filter(i -> Attr.str(i, Keys.SK).startsWith(Keys.SK_PARKED)).count();
    }

    static List<String> deadLetterReasons() {
        String url = cloud.stack().queueUrl("PaymentEventsQueueDLQ");
        List<String> out = new ArrayList<>();
        for (Message m : cloud.clients().sqs().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).messageAttributeNames("All"))
                .messages()) {
            out.add(m.messageAttributes().get("dunning-reason").stringValue());
            cloud.clients().sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
        }
        return out;
    }

    @Test
    void an_account_and_its_invoice_come_in_as_events_and_the_latest_profile_wins() throws IOException {
        assertEquals(List.of(), failed(deliver(account("H1", "2026-01-05T10:00:00Z"), invoice("H1", "INV-H1", "49.00"))));
        Map<String, AttributeValue> profile = table.get(Keys.account("H1"), Keys.SK_PROFILE).orElseThrow();
        assertEquals("Ada Lovelace Ltd", Attr.str(profile, AccountItems.NAME));
        assertEquals("H1", Attr.str(table.get(Keys.external("stripe", "cus_H1"), Keys.SK_ITEM).orElseThrow(), AccountItems.ACCOUNT_ID));
        Invoice inv = AccountCodec.invoice(table.get(Keys.account("H1"), Keys.invoiceSk("INV-H1")).orElseThrow());
        assertEquals(0, new BigDecimal("49.00").compareTo(inv.balance()));
        assertEquals(Invoice.Status.OPEN, inv.status());

        ObjectNode newer = account("H1", "2026-01-07T10:00:00Z");
        detail(newer).put("name", "Ada Lovelace plc");
        ObjectNode older = account("H1", "2026-01-06T10:00:00Z");
        detail(older).put("name", "Ada (stale)");
        assertEquals(List.of(), failed(deliver(newer, older, invoice("H1", "INV-H1", "49.00"))), "a late profile and a repeat: acknowledged");
        assertEquals("Ada Lovelace plc", Attr.str(table.get(Keys.account("H1"), Keys.SK_PROFILE).orElseThrow(), AccountItems.NAME));

        SQSBatchResponse conflicting = deliver(invoice("H1", "INV-H1", "59.00"));
        assertEquals(List.of(), failed(conflicting), "sent to the DLQ by the handler itself");
        List<String> reasons = deadLetterReasons();
        assertEquals(1, reasons.size());
        assertTrue(reasons.get(0).contains("invoice INV-H1 of account H1 was issued with other content: amount 59.00 (issued with 49.00)"),
                reasons.get(0));
    }

    @Test
    void voids_credit_notes_and_refunds_go_to_the_accounts_inbox() throws IOException {
        deliver(account("H2", "2026-01-05T10:00:00Z"), invoice("H2", "INV-H2", "49.00"));
        ObjectNode voided = sample("invoice-voided");
        detail(voided).put("accountId", "H2").put("invoiceId", "INV-H2");
        ObjectNode credit = sample("credit-note-issued");
        detail(credit).put("accountId", "H2").put("invoiceId", "INV-H2");
        ObjectNode refund = sample("payment-refunded");
        detail(refund).put("accountId", "H2").put("invoiceId", "INV-H2");
        assertEquals(List.of(), failed(deliver(voided, credit, refund, voided)));

        assertEquals(List.of(new AccountEvent.CreditNoteIssued("CN-2026-0001", "INV-H2", new BigDecimal("10.00"), "GBP"),
                        new AccountEvent.InvoiceVoided("void_0001", "INV-H2"),
                        new AccountEvent.PaymentRefunded("re_0001", "INV-H2", new BigDecimal("49.00"), "GBP")),
                inbox("H2"), "each once, in the order they happened");
    }

    @Test
    void an_event_before_its_account_or_invoice_is_parked_and_booked_when_they_arrive() throws IOException {
        ObjectNode voided = sample("invoice-voided");
        detail(voided).put("accountId", "H3").put("invoiceId", "INV-H3").put("eventId", "void-h3");
        ObjectNode early = invoice("H3", "INV-H3", "20.00");
        assertEquals(List.of(), failed(deliver(voided, early)), "parked, not failed, not dead-lettered");
        assertEquals(List.of(), deadLetterReasons());
        assertEquals(2, parked(Keys.account("H3")));

        deliver(account("H3", "2026-01-05T10:00:00Z"));
        assertTrue(table.get(Keys.account("H3"), Keys.invoiceSk("INV-H3")).isPresent(), "the invoice came in with its account");
        assertEquals(List.of(new AccountEvent.InvoiceVoided("void-h3", "INV-H3")), inbox("H3"), "and the void with its invoice");
        assertEquals(0, parked(Keys.account("H3")), "nothing stays parked");
    }

    @Test
    void a_parked_event_is_retried_by_the_sweeps_message_and_reported_after_a_day() throws IOException {
        ObjectNode refund = sample("payment-refunded");
        detail(refund).put("accountId", "H4").put("invoiceId", "INV-H4").put("refundId", "re-h4");
        deliver(refund);
        ParkedRetry retry = new ParkedRetry(new ParkedEvents.Ref(Keys.account("H4"), "Refunded:re-h4"));
        PaymentEventsHandler later = new PaymentEventsHandler(cloud.environmentFor(PaymentEventsHandler.NAME),
                Clock.fixed(NOW.plus(ParkedEvents.REPORT_AFTER), ZoneOffset.UTC));
        assertEquals(List.of(), failed(later.handleRequest(batch(List.of(Json.write(retry.toJson()))), null)));

        Map<String, AttributeValue> item = table.get(Keys.account("H4"), Keys.parkedSk("Refunded:re-h4")).orElseThrow();
        assertEquals(Keys.PROBLEMS, Attr.str(item, Keys.GSI3PK), "reported among the problems after a day");
        assertEquals(2L, Attr.num(item, "attempts"));

        deliver(account("H4", "2026-01-05T10:00:00Z"), invoice("H4", "INV-H4", "49.00"));
        assertEquals(List.of(new AccountEvent.PaymentRefunded("re-h4", "INV-H4", new BigDecimal("49.00"), "GBP")), inbox("H4"),
                "a reported event is still booked the moment it can be");
        assertEquals(0, parked(Keys.account("H4")));
    }

    @Test
    void a_stripe_customer_not_dunned_is_acknowledged_and_a_zero_invoice_ignored() throws IOException {
        ObjectNode customer = sample("stripe-customer-event");
        ObjectNode c = (ObjectNode) detail(customer).get("data").get("object");
        c.put("id", "cus_OFF1");
        ((ObjectNode) c.get("metadata")).put("dunning", "off");
        ObjectNode paid = sample("stripe-invoice-event");
        ObjectNode inv = (ObjectNode) detail(paid).get("data").get("object");
        inv.put("customer", "cus_OFF1");
        ObjectNode zero = sample("stripe-invoice-event");
        ((ObjectNode) detail(zero).get("data").get("object")).put("customer", "cus_QxYz123").put("amount_due", 0).put("amount_paid", 0);
        ObjectNode own = sample("stripe-customer-event");

        assertEquals(List.of(), failed(deliver(customer, paid, own, zero)));
        assertEquals(Optional.empty(), table.get(Keys.account("cus_OFF1"), Keys.SK_PROFILE), "no account for it");
        assertEquals(0, parked(Keys.external("stripe", "cus_OFF1")), "acknowledged, not parked");
        assertEquals(List.of(), deadLetterReasons());
        Map<String, AttributeValue> profile = table.get(Keys.account("cus_QxYz123"), Keys.SK_PROFILE).orElseThrow();
        assertEquals("America/New_York", Attr.str(profile, AccountItems.TIME_ZONE), "from metadata dunning_time_zone");
        assertEquals("net0", Attr.str(profile, AccountItems.AR_TERM), "from metadata dunning_ar_term");
        assertEquals("en-US", Attr.str(profile, AccountItems.LOCALE), "from preferred_locales");
        assertTrue(!profile.containsKey(AccountItems.CURRENCY), "a new customer's currency is null until its first invoice");
        assertEquals(List.of(), inbox("cus_QxYz123"), "the $0 invoice books nothing");
    }

    static List<String> failed(SQSBatchResponse r) {
        return r.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    static String sampleRoot() {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("events/payment-events.json"))) {
            root = root.getParent();
        }
        return root.toString();
    }
}
