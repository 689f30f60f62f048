package dunning.aws.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dunning.aws.eventbridge.EventPublisher.PublishedEvent;
import dunning.aws.json.BadMessageException;
import dunning.aws.json.Json;
import dunning.aws.messages.ActionMessage;
import dunning.aws.messages.BillRunBatch;
import dunning.aws.messages.EvaluateAccount;
import dunning.aws.messages.ParkedRetry;
import dunning.aws.events.stripe.StripeAmounts;
import dunning.aws.events.stripe.StripeEvent;
import dunning.aws.messages.ScheduleInput;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class EventSchemaTest {
    /** Function samples (sam local invoke -e): file -> schema of the payload (of each SQS record body). */
    private static final Map<String, String> FUNCTION_SAMPLES = Map.of(
            "bill-run-sweep.json", "bill-run-schedule",
            "bill-run-sqs.json", "bill-run-batch",
            "dunning-evaluation.json", "evaluate-account",
            "fee-application.json", "fee-action",
            "notification.json", "notification-action",
            "status-change.json", "status-action",
            "payment-events.json", "*");

    private static final PaymentEventReader READER = new PaymentEventReader(
            "billing.payments,billing.accounts,billing.invoices,aws.partner/stripe.com/ed_*");

    /** Readers the code uses at run time, per consumed schema. */
    private static final Map<String, Consumer<JsonNode>> READERS = Map.ofEntries(
            Map.entry("invoice-dispute-changed", READER::readInbound),
            Map.entry("payment-plan-agreed", READER::readInbound),
            Map.entry("dunning-level-approved", READER::readInbound),
            Map.entry("dunning-exemption-changed", READER::readInbound),
            Map.entry("bill-run-schedule", ScheduleInput::parse),
            Map.entry("bill-run-batch", BillRunBatch::parse),
            Map.entry("evaluate-account", EvaluateAccount::parse),
            Map.entry("fee-action", ActionMessage.Fee::parse),
            Map.entry("notification-action", ActionMessage.Notification::parse),
            Map.entry("status-action", ActionMessage.Status::parse),
            Map.entry("payment-failed", READER::read),
            Map.entry("payment-succeeded", READER::read),
            Map.entry("payment-refunded", READER::read),
            Map.entry("account-upserted", READER::readInbound),
            Map.entry("invoice-issued", READER::readInbound),
            Map.entry("invoice-voided", READER::readInbound),
            Map.entry("credit-note-issued", READER::readInbound),
            Map.entry("parked-event-retry", ParkedRetry::parse),
            Map.entry("stripe-customer-event", READER::readInbound),
            Map.entry("stripe-invoice-event", READER::readInbound),
            Map.entry("stripe-charge-event", READER::readInbound),
            Map.entry("stripe-payment-intent-event", READER::readInbound),
            Map.entry("stripe-dispute-event", READER::readInbound),
            Map.entry("stripe-credit-note-event", READER::readInbound));

    private static List<String> schemaNames() throws IOException {
        Path dir = Path.of("src/main/resources/schemas");
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString().replace(".schema.json", "")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> every_schema_has_a_sample_that_validates() throws IOException {
        return schemaNames().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            JsonNode sample = Schemas.sample(name + ".json");
            assertEquals("", Schemas.violations(name, sample), name);
            Consumer<JsonNode> reader = READERS.get(name);
            if (reader != null) {
                reader.accept(sample);
            }
        }));
    }

    @Test
    void every_sample_file_is_checked() throws IOException {
        Set<String> covered = new TreeSet<>(FUNCTION_SAMPLES.keySet());
        schemaNames().forEach(n -> covered.add(n + ".json"));
        Set<String> present = new TreeSet<>();
        try (Stream<Path> files = Files.list(Schemas.eventsDir())) {
            files.forEach(p -> present.add(p.getFileName().toString()));
        }
        assertEquals(covered, present);
    }

    @TestFactory
    Stream<DynamicTest> function_samples_carry_valid_payloads() {
        return FUNCTION_SAMPLES.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            JsonNode sample = Schemas.sample(e.getKey());
            List<JsonNode> payloads = new ArrayList<>();
            if (sample.has("Records")) {
                for (JsonNode r : sample.get("Records")) {
                    assertEquals("aws:sqs", r.get("eventSource").asText());
                    payloads.add(Json.parse(r.get("body").asText()));
                }
            } else {
                payloads.add(sample);
            }
            assertFalse(payloads.isEmpty());
            for (JsonNode p : payloads) {
                String schema = e.getValue().equals("*") ? schemaOfEnvelope(p) : e.getValue();
                assertEquals("", Schemas.violations(schema, p), e.getKey());
                READERS.get(schema).accept(p);
            }
        }));
    }

    private static String schemaOfEnvelope(JsonNode envelope) {
        return switch (envelope.get("detail-type").asText()) {
            case "Payment Failed" -> "payment-failed";
            case "Payment Succeeded" -> "payment-succeeded";
            case "invoice.payment_failed", "invoice.paid" -> "stripe-invoice-event";
            case "Invoice Dispute Changed" -> "invoice-dispute-changed";
            case "Payment Plan Agreed" -> "payment-plan-agreed";
            case "Dunning Level Approved" -> "dunning-level-approved";
            case "Dunning Exemption Changed" -> "dunning-exemption-changed";
            default -> throw new AssertionError("unexpected detail-type in payment-events sample");
        };
    }

    /** Removing a required field must break both the schema and the run-time reader. */
    @TestFactory
    Stream<DynamicTest> schema_and_reader_reject_the_same_missing_fields() {
        List<String[]> cases = List.of(
                new String[] {"evaluate-account", "accountId"},
                new String[] {"bill-run-batch", "accountIds"},
                new String[] {"bill-run-batch", "billDate"},
                new String[] {"fee-action", "amount"},
                new String[] {"fee-action", "idempotencyKey"},
                new String[] {"notification-action", "template"},
                new String[] {"status-action", "status"},
                new String[] {"payment-failed", "detail.declineCode"},
                new String[] {"payment-failed", "detail.paymentId"},
                new String[] {"payment-failed", "detail.invoiceId"},
                new String[] {"payment-succeeded", "detail.amount"},
                new String[] {"stripe-invoice-event", "detail.data.object.customer"},
                new String[] {"stripe-invoice-event", "detail.data.object.amount_due"},
                new String[] {"stripe-charge-event", "detail.data.object.amount"},
                new String[] {"stripe-dispute-event", "detail.data.object.charge"},
                new String[] {"stripe-credit-note-event", "detail.data.object.invoice"},
                new String[] {"stripe-customer-event", "detail.data.object.id"},
                new String[] {"account-upserted", "detail.updatedAt"},
                new String[] {"account-upserted", "detail.currency"},
                new String[] {"invoice-issued", "detail.dueDate"},
                new String[] {"invoice-voided", "detail.invoiceId"},
                new String[] {"credit-note-issued", "detail.amount"},
                new String[] {"payment-refunded", "detail.invoiceId"},
                new String[] {"parked-event-retry", "partition"},
                new String[] {"invoice-dispute-changed", "detail.status"},
                new String[] {"payment-plan-agreed", "detail.installments"},
                new String[] {"dunning-level-approved", "detail.level"},
                new String[] {"dunning-exemption-changed", "detail.exempt"},
                new String[] {"dunning-exemption-changed", "detail.eventId"});
        return cases.stream().map(c -> DynamicTest.dynamicTest(c[0] + " without " + c[1],
                () -> assertBothRefuse(c[0], c[1], ObjectNode::remove)));
    }

    /**
     * The schema's sample with the field at {@code path} (dotted) changed by {@code change} (given the field's parent and its
     * name): the schema and the run-time reader must both refuse it.
     */
    private static void assertBothRefuse(String schema, String path, BiConsumer<ObjectNode, String> change) {
        JsonNode sample = Schemas.sample(schema + ".json").deepCopy();
        String[] names = path.split("\\.");
        JsonNode parent = sample;
        for (int i = 0; i < names.length - 1; i++) {
            parent = parent.get(names[i]);
        }
        change.accept((ObjectNode) parent, names[names.length - 1]);
        assertFalse(Schemas.violations(schema, sample).isEmpty(), "schema accepted it");
        assertThrows(BadMessageException.class, () -> READERS.get(schema).accept(sample), "reader accepted it");
    }

    /** A bad value must break both the schema and the run-time reader: they agree on what is refused, not only on samples. */
    @TestFactory
    Stream<DynamicTest> schema_and_reader_refuse_the_same_bad_values() {
        record Bad(String schema, String path, String json) {}
        List<Bad> cases = List.of(
                new Bad("payment-failed", "source", "\"billing.accounts\""),
                new Bad("payment-succeeded", "source", "\"billing.payments-evil\""),
                new Bad("dunning-exemption-changed", "source", "\"billing.payments\""),
                new Bad("stripe-invoice-event", "source", "\"aws.partner/stripe.com.evil.example\""),
                new Bad("invoice-issued", "source", "\"billing.accounts\""),
                new Bad("account-upserted", "source", "\"billing.invoices\""),
                new Bad("payment-refunded", "detail.kind", "\"MAYBE\""),
                new Bad("account-upserted", "detail.collectionsCases", "100001"),
                new Bad("account-upserted", "detail.externalIds", "{\"Stripe!\":\"cus_1\"}"),
                new Bad("invoice-issued", "detail.amount", "\"-1.00\""),
                new Bad("invoice-issued", "detail.payLink", "\"http://pay.example/1\""),
                new Bad("credit-note-issued", "detail.amount", "0"),
                new Bad("parked-event-retry", "partition", "\"PLAN#x\""),
                new Bad("stripe-charge-event", "detail.data.object.amount_refunded", "-1"),
                new Bad("stripe-dispute-event", "detail.data.object.charge", "\"in_1\""),
                new Bad("payment-failed", "detail.amount", "\"-120.00\""),
                new Bad("payment-succeeded", "detail.amount", "0"),
                new Bad("payment-succeeded", "detail.paymentId", "\"" + "p".repeat(257) + "\""),
                new Bad("payment-succeeded", "detail.accountId", "\"" + "a".repeat(129) + "\""),
                new Bad("payment-failed", "detail.attempt", "101"),
                new Bad("payment-plan-agreed", "detail.invoiceIds", "[\"INV-1\",\"INV-1\"]"),
                new Bad("payment-plan-agreed", "detail.installments", "0"),
                new Bad("stripe-invoice-event", "detail.data.object.amount_paid", "18446744073709551716"),
                new Bad("stripe-invoice-event", "detail.id", "\"in_1\""),
                new Bad("stripe-invoice-event", "detail.created", "253402300800"),
                new Bad("fee-action", "amount", "\"-5.00\""),
                new Bad("fee-action", "idempotencyKey", "\"" + "k".repeat(513) + "\""),
                new Bad("bill-run-batch", "accountIds", "[\"A1\",\"A1\"]"),
                new Bad("bill-run-batch", "attempt", "4"),
                new Bad("evaluate-account", "accountId", "\"" + "a".repeat(129) + "\""));
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.schema() + " with " + c.path() + " = " + c.json().substring(0,
                Math.min(30, c.json().length())), () -> assertBothRefuse(c.schema(), c.path(),
                (parent, field) -> parent.set(field, Json.parse(c.json())))));
    }

    @Test
    void unknown_fields_are_rejected_by_schema_and_reader() {
        ObjectNode msg = (ObjectNode) Schemas.sample("evaluate-account.json").deepCopy();
        msg.put("acountId", "typo");
        assertFalse(Schemas.violations("evaluate-account", msg).isEmpty());
        assertThrows(BadMessageException.class, () -> EvaluateAccount.parse(msg));
    }

    @Test
    void sources_outside_the_allow_list_are_rejected_with_the_reason() {
        ObjectNode env = (ObjectNode) Schemas.sample("payment-failed.json").deepCopy();
        env.put("source", "evil.payments");
        var e = assertThrows(BadMessageException.class, () -> READER.read(env));
        assertTrue(e.getMessage().contains("source not allowed: evil.payments"), e.getMessage());
        ObjectNode stripeLike = (ObjectNode) Schemas.sample("stripe-invoice-event.json").deepCopy();
        stripeLike.put("source", "billing.payments.fake");
        assertThrows(BadMessageException.class, () -> READER.readInbound(stripeLike));
    }

    @Test
    void stripe_amounts_are_minor_units_at_the_currency_scale() {
        StripeEvent.InvoiceChanged paid = assertInstanceOf(StripeEvent.InvoiceChanged.class,
                READER.readInbound(Schemas.sample("stripe-invoice-event.json")));
        assertEquals("in_1QabcdEFGhijKLmn", paid.invoice().id());
        assertEquals("cus_QxYz123", paid.invoice().customer());
        assertEquals("USD", paid.invoice().currency());
        assertEquals(12000, paid.invoice().amountPaid());
        assertEquals(Optional.of("ch_3QabcdEFGhijKLmn0a1b2c3d"), paid.invoice().charge());
        assertTrue(paid.linksPayments(), "2024-06-20 is before basil");
        assertEquals(new BigDecimal("120.00"), StripeAmounts.fromMinorUnits(12000, "USD"));
        assertEquals(new BigDecimal("1852"), StripeAmounts.fromMinorUnits(1852, "JPY"));
        assertEquals(new BigDecimal("1.852"), StripeAmounts.fromMinorUnits(1852, "BHD"));
        assertEquals(new BigDecimal("100"), StripeAmounts.fromMinorUnits(10000, "ISK"), "Stripe writes ISK in hundredths");
        assertEquals(new BigDecimal("1852.00"), StripeAmounts.fromMinorUnits(1852, "MGA"), "Stripe's MGA is zero-decimal");
        assertThrows(BadMessageException.class, () -> StripeAmounts.fromMinorUnits(10050, "ISK"), "not whole krónur");
        StripeEvent.ChargeChanged failed = assertInstanceOf(StripeEvent.ChargeChanged.class,
                READER.readInbound(Schemas.sample("stripe-charge-event.json")));
        assertEquals(Optional.of("insufficient_funds"), failed.charge().declineCode(), "the issuer's reason, not card_declined");
        StripeEvent.DisputeChanged dispute = assertInstanceOf(StripeEvent.DisputeChanged.class,
                READER.readInbound(Schemas.sample("stripe-dispute-event.json")));
        assertFalse(dispute.linksPayments(), "basil");
    }

    @Test
    void own_amounts_with_more_decimals_than_the_currency_are_rejected() {
        ObjectNode env = (ObjectNode) Schemas.sample("payment-succeeded.json").deepCopy();
        ((ObjectNode) env.get("detail")).put("amount", "10.005");
        assertThrows(BadMessageException.class, () -> READER.read(env));
        ((ObjectNode) env.get("detail")).put("amount", "10.5");
        assertEquals(new BigDecimal("10.50"), READER.read(env).amount());
    }

    /** Every event the code publishes, wrapped as EventBridge delivers it, validates against its schema. */
    @Test
    void every_published_event_validates() {
        LocalDate d = LocalDate.of(2026, 1, 9);
        var ctx = new DunningEvents.LevelContext(Optional.of("E1"), "Second Notice", Optional.of("STANDARD"), Optional.of(8),
                Optional.of(new BigDecimal("120.00")), Optional.of("USD"), Optional.of("consumer"), Optional.of(3));
        var minimal = new DunningEvents.LevelContext(Optional.empty(), "Legal", Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        List<PublishedEvent> events = List.of(
                DunningEvents.levelEvent(DunningEvents.LEVEL_REACHED, "k1", "A1", d, ctx),
                DunningEvents.levelEvent(DunningEvents.COLLECTIONS_HANDOFF, "k2", "A1", d, ctx),
                DunningEvents.levelEvent(DunningEvents.APPROVAL_REQUESTED, "k3", "A1", d, minimal),
                DunningEvents.lateFeeApplied("k4", "A1", Optional.of("E1"), Optional.of("Second Notice"), d,
                        new BigDecimal("2.00"), "USD", "FEE-k4", Optional.of("late-fee")),
                DunningEvents.noticeSent("k5", "A1", Optional.empty(), Optional.empty(), d, "payment-failed", "en",
                        "0100-abc", Instant.parse("2026-01-09T06:00:00Z")),
                DunningEvents.statusChanged("k6", "A1", Optional.of("E1"), Optional.of("Suspension"), d, "ACTIVE",
                        "SUSPENDED", Optional.of("dunning level Suspension")),
                DunningEvents.retryRequested("k7", "A1", Optional.of("INV-1"), Optional.of("pay_1"), d, Optional.of(2),
                        Optional.empty(), Optional.empty(), Optional.of(new BigDecimal("120.00")), Optional.of("USD")),
                DunningEvents.episodeClosed("k8", "A1", "E1", d, Optional.of("paid"), Optional.of("Suspension")),
                DunningEvents.taskCreated("k9", "A1", Optional.of("E1"), Optional.of("Second Notice"), d, "phone-call",
                        Optional.of("call")));
        Set<String> seen = new TreeSet<>();
        for (PublishedEvent e : events) {
            ObjectNode envelope = Json.object();
            envelope.put("version", "0");
            envelope.put("id", "id-" + e.detailType().hashCode());
            envelope.put("detail-type", e.detailType());
            envelope.put("source", "dunning");
            envelope.put("time", "2026-01-09T06:00:00Z");
            envelope.putArray("resources");
            envelope.set("detail", Json.parse(e.detailJson()));
            String schema = DunningEvents.schemaName(e.detailType());
            assertEquals("", Schemas.violations(schema, envelope), e.detailType());
            seen.add(schema);
        }
        assertEquals(9, seen.size());
    }
}
