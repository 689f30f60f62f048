package dunning.functions.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dunning.aws.events.AccountInstruction;
import dunning.aws.events.PaymentEvent;
import dunning.aws.events.PaymentEventReader;
import dunning.aws.json.Json;
import dunning.aws.memory.RecordingQueueSender;
import dunning.aws.store.AccountDirectory;
import dunning.aws.store.PaymentInbox;
import dunning.domain.port.AccountBook;
import dunning.domain.engine.AccountEvent;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PaymentEventsHandlerTest {
    static final String EVALUATION_QUEUE = "http://local/EvaluationQueue";

    static final class FakeInbox implements PaymentInbox {
        final Map<String, AccountBook.Inbound> entries = new LinkedHashMap<>();
        final Map<String, String> accountOf = new LinkedHashMap<>();
        final Map<String, List<String>> invoicesChecked = new LinkedHashMap<>();

        @Override
        public Outcome record(String accountId, String dedupeKey, AccountBook.Inbound entry, List<String> invoicesThatMustExist) {
            if (entries.putIfAbsent(dedupeKey, entry) != null) {
                return Outcome.ALREADY_RECORDED;
            }
            accountOf.put(dedupeKey, accountId);
            invoicesChecked.put(dedupeKey, invoicesThatMustExist);
            return Outcome.RECORDED;
        }
    }

    static final class StripeDirectory implements AccountDirectory {
        @Override
        public Page billGroupPage(String billGroup, Optional<String> cursor, int limit) {
            return new Page(List.of(), Optional.empty());
        }

        @Override
        public List<String> accountsWithOpenInvoicesDueBefore(LocalDate dueBefore) {
            return List.of();
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
            return "stripe".equals(system) && "cus_QxYz123".equals(externalId) ? Optional.of("A1") : Optional.empty();
        }
    }

    final FakeInbox inbox = new FakeInbox();
    final RecordingQueueSender sender = new RecordingQueueSender();
    final PaymentEventsHandler handler = new PaymentEventsHandler(
            new PaymentEventsService(new StripeDirectory(), inbox, sender, EVALUATION_QUEUE),
            new PaymentEventReader("billing.payments,aws.partner/stripe.com/ed_*"));

    /** The bodies of the sample under events/, the one `sam local invoke -e` uses. */
    static List<String> sampleBodies() throws IOException {
        List<String> bodies = new ArrayList<>();
        for (JsonNode r : Json.parse(Files.readString(Path.of(sampleRoot(), "events/payment-events.json"))).get("Records")) {
            bodies.add(r.get("body").asText());
        }
        return bodies;
    }

    static SQSEvent batch(List<String> bodies) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
            m.setMessageId("m" + i);
            m.setBody(bodies.get(i));
            m.setAttributes(Map.of("ApproximateReceiveCount", "1"));
            records.add(m);
        }
        SQSEvent e = new SQSEvent();
        e.setRecords(records);
        return e;
    }

    static List<String> failed(SQSBatchResponse r) {
        return r.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    @Test
    void own_and_stripe_events_are_recorded_and_the_account_is_queued_once() throws IOException {
        SQSBatchResponse r = handler.handleRequest(batch(sampleBodies()), null);

        assertEquals(List.of(), failed(r));
        assertEquals(List.of("pay_0001#FAILED", "stripe:evt_1QpaidGHIjkl#SUCCEEDED"), List.copyOf(inbox.entries.keySet()));
        assertEquals("A1", inbox.accountOf.get("stripe:evt_1QpaidGHIjkl#SUCCEEDED"), "the Stripe customer maps to its account");
        assertEquals(List.of("INV-1"), inbox.invoicesChecked.get("pay_0001#FAILED"), "a failure's invoice must exist");
        assertEquals(List.of(), inbox.invoicesChecked.get("stripe:evt_1QpaidGHIjkl#SUCCEEDED"), "a payment may name an invoice not issued yet");
        AccountEvent.PaymentFailed failed = (AccountEvent.PaymentFailed) inbox.entries.get("pay_0001#FAILED").event();
        assertEquals("insufficient_funds", failed.declineCode());
        AccountEvent.PaymentReceived paid = (AccountEvent.PaymentReceived) inbox.entries.get("stripe:evt_1QpaidGHIjkl#SUCCEEDED").event();
        assertEquals(0, new BigDecimal("120.00").compareTo(paid.amount()), "Stripe's 12000 minor units are 120.00 USD");
        List<String> queued = sender.bodies(EVALUATION_QUEUE);
        assertEquals(1, queued.size());
        assertEquals("PAYMENT", Json.parse(queued.get(0)).get("reason").asText());
    }

    @Test
    void a_redelivery_records_nothing_new_but_still_queues_the_evaluation() throws IOException {
        handler.handleRequest(batch(sampleBodies()), null);
        handler.handleRequest(batch(sampleBodies()), null);

        assertEquals(2, inbox.entries.size());
        assertEquals(2, sender.bodies(EVALUATION_QUEUE).size());
    }

    @Test
    void a_disallowed_source_and_bad_json_each_fail_alone_and_an_unknown_customer_is_not_dunned() throws IOException {
        List<String> bodies = sampleBodies();
        String foreign = bodies.get(0).replace("billing.payments", "someone.else").replace("pay_0001", "pay_x");
        String unknownCustomer = bodies.get(1).replace("cus_QxYz123", "cus_nobody").replace("evt_1QpaidGHIjkl", "evt_2");
        String stripeTypeFromOwnSource = bodies.get(1).replace("aws.partner/stripe.com/ed_test_61QabcDEFghIJklMN",
                "billing.payments").replace("evt_1QpaidGHIjkl", "evt_3");

        SQSBatchResponse r = handler.handleRequest(batch(List.of(foreign, bodies.get(0), "{oops", unknownCustomer,
                stripeTypeFromOwnSource)), null);

        assertEquals(List.of("m0", "m2", "m4"), failed(r), "the unknown customer (m3) is acknowledged, not retried");
        assertEquals(List.of("pay_0001#FAILED"), List.copyOf(inbox.entries.keySet()));
        assertTrue(sender.bodies(EVALUATION_QUEUE).size() == 1);
    }

    @Test
    void account_instructions_are_recorded_once_each_and_a_bad_one_fails_alone() throws IOException {
        PaymentEventsHandler withInstructions = new PaymentEventsHandler(
                new PaymentEventsService(new StripeDirectory(), inbox, sender, EVALUATION_QUEUE),
                new PaymentEventReader("billing.payments,billing.accounts"));
        Path events = Path.of(sampleRoot(), "events");
        List<String> bodies = new ArrayList<>();
        for (String name : List.of("invoice-dispute-changed", "payment-plan-agreed", "dunning-level-approved", "dunning-exemption-changed")) {
            bodies.add(Files.readString(events.resolve(name + ".json")));
        }
        String maybe = bodies.get(0).replace("\"OPEN\"", "\"MAYBE\"").replace("dsp_0001", "dsp_0002");

        SQSBatchResponse r = withInstructions.handleRequest(batch(List.of(bodies.get(0), bodies.get(1), maybe, bodies.get(2),
                bodies.get(3), bodies.get(0))), null);

        assertEquals(List.of("m2"), failed(r), "the dispute with status MAYBE fails alone");
        assertEquals(List.of("instruction:dsp_0001", "instruction:plan_0001", "instruction:apr_0001", "instruction:exm_0001"),
                List.copyOf(inbox.entries.keySet()), "the repeated dispute counts once");
        AccountEvent.PaymentPlanAgreed plan = (AccountEvent.PaymentPlanAgreed) inbox.entries.get("instruction:plan_0001").event();
        assertEquals(List.of("INV-1"), plan.invoices());
        assertEquals(List.of("INV-1"), inbox.invoicesChecked.get("instruction:plan_0001"), "a plan's invoices must exist");
        assertEquals(List.of("INV-1"), inbox.invoicesChecked.get("instruction:dsp_0001"), "so must a dispute's");
        assertEquals(3, plan.installments());
        assertTrue(((AccountEvent.ExemptionChanged) inbox.entries.get("instruction:exm_0001").event()).exempt());
        assertEquals(1, sender.bodies(EVALUATION_QUEUE).size(), "the account is queued once for the batch");
    }

    static String sampleRoot() {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("events/payment-events.json"))) {
            root = root.getParent();
        }
        return root.toString();
    }
}
