package dunning.aws.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dunning.aws.json.BadMessageException;
import dunning.aws.json.NotActionableException;
import dunning.aws.events.stripe.StripeEvent;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Each detail-type from its own producer's exact source; Stripe's numbers read exactly. */
class PaymentEventReaderTest {
    static final String DEFAULT_SOURCES = "billing.payments,billing.accounts,billing.invoices,aws.partner/stripe.com/ed_*";
    static final PaymentEventReader READER = new PaymentEventReader(DEFAULT_SOURCES);

    static ObjectNode sample(String name) {
        return (ObjectNode) Schemas.sample(name + ".json").deepCopy();
    }

    static String refused(PaymentEventReader reader, ObjectNode envelope) {
        return assertThrows(BadMessageException.class, () -> reader.readInbound(envelope)).getMessage();
    }

    static ObjectNode invoice(ObjectNode stripe) {
        return (ObjectNode) stripe.get("detail").get("data").get("object");
    }

    /** Why the reader refuses a fresh sample sent from {@code source}. */
    static String refusedFrom(String name, String source) {
        ObjectNode envelope = sample(name);
        envelope.put("source", source);
        return refused(READER, envelope);
    }

    /** Why the reader refuses a fresh sample whose detail {@code change} has changed. */
    static String refusedWithDetail(String name, Consumer<ObjectNode> change) {
        ObjectNode envelope = sample(name);
        change.accept((ObjectNode) envelope.get("detail"));
        return refused(READER, envelope);
    }

    @Test
    void sources_match_exactly_not_by_prefix() {
        assertEquals("$.source: source not allowed: billing.payments-evil (ALLOWED_EVENT_SOURCES: billing.payments,billing.accounts,"
                + "billing.invoices,aws.partner/stripe.com/ed_*)", refusedFrom("payment-failed", "billing.payments-evil"));
        ObjectNode stripe = sample("stripe-invoice-event");
        for (String evil : new String[] {"aws.partner/stripe.com.evil.example", "aws.partner/stripe.com", "aws.partner/stripe.com/",
            "aws.partner/stripe.com/evt_1", "aws.partner/stripe.com/ed_x/other", "aws.partner/stripe.comed_1"}) {
            stripe.put("source", evil);
            assertTrue(refused(READER, stripe).startsWith("$.source: source not allowed: " + evil), evil);
        }
        for (String destination : new String[] {"aws.partner/stripe.com/ed_61TQe2kHOQNg4XnOM16SBE9vHOQNg4XnOMcLoVeRzQ",
            "aws.partner/stripe.com/ed_test_61RMgZxCMHTTliF5i16RCUo0CMHTTliF5iQaBcDeFgHiJk"}) {
            stripe.put("source", destination);
            assertInstanceOf(StripeEvent.InvoiceChanged.class, READER.readInbound(stripe), "live and sandbox destinations: " + destination);
        }
    }

    @Test
    void a_stack_may_pin_one_stripe_destination() {
        PaymentEventReader pinned = new PaymentEventReader("billing.payments,aws.partner/stripe.com/ed_test_61QabcDEFghIJklMN");
        READER.readInbound(sample("stripe-invoice-event"));
        pinned.readInbound(sample("stripe-invoice-event"));
        ObjectNode other = sample("stripe-invoice-event");
        other.put("source", "aws.partner/stripe.com/ed_test_someoneElse");
        assertTrue(refused(pinned, other).startsWith("$.source: source not allowed"));
        assertTrue(refused(pinned, sample("payment-plan-agreed")).startsWith("$.source: source not allowed: billing.accounts"),
                "billing.accounts is not in this stack's list");
    }

    @Test
    void each_detail_type_is_accepted_only_from_its_own_producer() {
        assertEquals("$.detail-type: Dunning Exemption Changed is accepted only from billing.accounts, not from billing.payments",
                refusedFrom("dunning-exemption-changed", "billing.payments"));
        assertEquals("$.detail-type: Payment Succeeded is accepted only from billing.payments, not from billing.accounts",
                refusedFrom("payment-succeeded", "billing.accounts"));
        assertTrue(refusedFrom("stripe-invoice-event", "billing.payments")
                .startsWith("$.detail-type: invoice.paid is accepted only from aws.partner/stripe.com/ed_"));
        assertTrue(refusedFrom("payment-failed", "aws.partner/stripe.com/ed_test_61QabcDEFghIJklMN")
                .startsWith("$.detail-type: Payment Failed is accepted only from billing.payments"));
        assertEquals("$.detail-type: Invoice Issued is accepted only from billing.invoices, not from billing.accounts",
                refusedFrom("invoice-issued", "billing.accounts"));
        ObjectNode unknown = sample("payment-failed");
        unknown.put("detail-type", "Payment Reversed");
        assertEquals("$.detail-type: unknown detail-type: Payment Reversed", refused(READER, unknown));
    }

    @Test
    void a_source_list_naming_no_producer_is_a_configuration_error() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new PaymentEventReader("billing.payments,aws.partner/stripe.com"));
        assertTrue(e.getMessage().startsWith("ALLOWED_EVENT_SOURCES: [aws.partner/stripe.com] is no source"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> new PaymentEventReader(" , "));
    }

    @Test
    void stripe_amounts_are_range_checked_before_they_are_read() {
        ObjectNode paid = sample("stripe-invoice-event");
        invoice(paid).put("amount_paid", new java.math.BigInteger("18446744073709551716"));
        assertEquals("$.detail.data.object.amount_paid: must be at most 999999999999999, got a number of 20 digits", refused(READER, paid),
                "2^64 + 100 is not 1.00");
        invoice(paid).put("amount_paid", -100);
        assertEquals("$.detail.data.object.amount_paid: must be at least 0, got -100", refused(READER, paid));
        invoice(paid).put("amount_paid", 12.5);
        assertTrue(refused(READER, paid).startsWith("$.detail.data.object.amount_paid: must be an integer"));
    }

    @Test
    void stripe_objects_are_read_as_stripe_writes_them_in_every_api_version() {
        StripeEvent.InvoiceChanged paid = assertInstanceOf(StripeEvent.InvoiceChanged.class, READER.readInbound(sample("stripe-invoice-event")));
        assertEquals(12000, paid.invoice().amountDue());
        assertEquals(java.util.Optional.of(java.time.Instant.ofEpochSecond(1768903200)), paid.invoice().finalizedAt());
        assertEquals(java.util.Optional.empty(), paid.invoice().dueDate(), "charge_automatically: no due date");
        ObjectNode basil = sample("stripe-invoice-event");
        ((ObjectNode) basil.get("detail")).put("api_version", "2025-03-31.basil");
        invoice(basil).remove("charge");
        invoice(basil).remove("payment_intent");
        StripeEvent.InvoiceChanged b = assertInstanceOf(StripeEvent.InvoiceChanged.class, READER.readInbound(basil));
        assertTrue(!b.linksPayments() && b.invoice().charge().isEmpty(), "basil invoices name no charge");
        ObjectNode charge = sample("stripe-charge-event");
        invoice(charge).remove("invoice");
        StripeEvent.ChargeChanged c = assertInstanceOf(StripeEvent.ChargeChanged.class, READER.readInbound(charge));
        assertTrue(!c.charge().namesInvoice(), "a basil charge has no invoice field at all");
        ObjectNode customer = sample("stripe-customer-event");
        ((ObjectNode) invoice(customer).get("metadata")).put("dunning", "off");
        StripeEvent.CustomerChanged cu = assertInstanceOf(StripeEvent.CustomerChanged.class, READER.readInbound(customer));
        assertTrue(cu.customer().notDunned());
        assertEquals(java.util.Optional.empty(), cu.customer().currency(), "a new customer's currency is null");
    }

    @Test
    void own_billing_events_are_bounded_like_every_message() {
        assertEquals("$.detail.timeZone: not a time zone: Mars/Olympus",
                refusedWithDetail("account-upserted", d -> d.put("timeZone", "Mars/Olympus")));
        assertTrue(refusedWithDetail("account-upserted", d -> d.put("email", "not an address"))
                .startsWith("$.detail.email: not an email address"));
        assertEquals("$.detail.dueDate: 2026-01-31 is before the issue date 2026-02-01",
                refusedWithDetail("invoice-issued", d -> d.put("dueDate", "2026-01-31")));
        ObjectNode free = sample("invoice-issued");
        ((ObjectNode) free.get("detail")).put("amount", "0.00");
        NotActionableException zero = assertThrows(NotActionableException.class, () -> READER.readInbound(free));
        assertEquals(NotActionableException.Kind.NOTHING_TO_APPLY, zero.kind(), "a $0 invoice is acknowledged and ignored");
        assertEquals("$.detail.amount: more decimals than GBP has (2)", refusedWithDetail("payment-refunded", d -> d.put("amount", "49.001")));
    }

    @Test
    void stripe_envelopes_must_agree_with_themselves() {
        assertEquals("$.detail.id: not a Stripe event id (evt_…): in_1QabcdEFGhijKLmn",
                refusedWithDetail("stripe-invoice-event", d -> d.put("id", "in_1QabcdEFGhijKLmn")));
        assertEquals("$.detail.type: invoice.payment_failed does not match detail-type invoice.paid",
                refusedWithDetail("stripe-invoice-event", d -> d.put("type", "invoice.payment_failed")));
        assertEquals("$.detail.created: must be at most 253402300799, got 253402300800",
                refusedWithDetail("stripe-invoice-event", d -> d.put("created", 253402300800L)));
    }

    @Test
    void own_payments_are_positive_and_name_their_invoice_when_they_fail() {
        assertEquals("$.detail.amount: must be more than 0, got -120", refusedWithDetail("payment-failed", d -> d.put("amount", "-120.00")));
        assertEquals("$.detail.invoiceId: required: dunning follows a failed payment up on its invoice",
                refusedWithDetail("payment-failed", d -> d.remove("invoiceId")));
        assertEquals("$.detail.paymentId: an event id is at most 256 bytes (UTF-8), got 3000",
                refusedWithDetail("payment-failed", d -> d.put("paymentId", "p".repeat(3000))));
    }

    @Test
    void a_payment_plan_lists_each_invoice_once() {
        assertEquals("$.detail.invoiceIds[2]: duplicate of $.detail.invoiceIds[0] (INV-1)",
                refusedWithDetail("payment-plan-agreed", d -> d.putArray("invoiceIds").add("INV-1").add("INV-2").add("INV-1")));
        assertEquals("$.detail.installments: must be at least 1, got 0", refusedWithDetail("payment-plan-agreed", d -> d.put("installments", 0)));
    }
}
