package dunning.local.chain;

import static dunning.local.chain.StripeFixtures.deliver;
import static dunning.local.chain.StripeFixtures.deliverFile;
import static dunning.local.chain.StripeFixtures.emails;
import static dunning.local.chain.StripeFixtures.envelope;
import static dunning.local.chain.StripeFixtures.object;
import static dunning.local.chain.StripeFixtures.parked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dunning.aws.dynamodb.Keys;
import dunning.aws.json.Json;
import dunning.aws.store.BillingRecords;
import dunning.domain.engine.Effect;
import dunning.local.LocalCloud;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * From API 2025-03-31 (basil) only Stripe's InvoicePayment API links an invoice and the PaymentIntent
 * that paid or failed to pay it (DESIGN §5.1). With a Stripe key (template parameter StripeApiKey),
 * payment-events asks it; here a loopback stand-in of {@code GET /v1/invoice_payments} answers, and the
 * stack is provisioned from template.yaml with the key and the stand-in's address.
 */
class StripeApiLookupTest {
    static final String KEY = "rk_test_invoicePaymentsRead";
    static HttpServer stripe;
    static final Map<String, String> ANSWERS = new ConcurrentHashMap<>();
    static final List<String> ASKED = new CopyOnWriteArrayList<>();
    static Chain chain;

    @BeforeAll
    static void start() throws IOException {
        stripe = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stripe.createContext("/v1/invoice_payments", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            ASKED.add(exchange.getRequestHeaders().getFirst("Authorization") + " " + query);
            String data = ANSWERS.entrySet().stream().filter(e -> query.contains(e.getKey())).map(Map.Entry::getValue).findFirst().orElse("");
            byte[] body = ("{\"object\":\"list\",\"url\":\"/v1/invoice_payments\",\"has_more\":false,\"data\":[" + data + "]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        stripe.start();
        chain = Chain.start(LocalCloud.Options.defaults().startingAt(Instant.parse("2025-05-01T00:00:00Z"))
                .withParameters(Map.of("StripeApiKey", KEY, "StripeApiUrl", "http://127.0.0.1:" + stripe.getAddress().getPort())));
    }

    @AfterAll
    static void stop() {
        chain.close();
        stripe.stop(0);
    }

    @BeforeEach
    void clean() {
        StripeFixturesTest.wipeAndSeed(chain);
        ANSWERS.clear();
        ASKED.clear();
    }

    static String invoicePayment(String invoice, String intent, long created) {
        return "{\"id\":\"inpay_" + intent.substring(3) + "\",\"object\":\"invoice_payment\",\"amount_paid\":null,\"amount_requested\":4999,"
                + "\"created\":" + created + ",\"currency\":\"cad\",\"invoice\":\"" + invoice + "\",\"is_default\":true,\"livemode\":false,"
                + "\"payment\":{\"type\":\"payment_intent\",\"payment_intent\":\"" + intent + "\"},\"status\":\"open\","
                + "\"status_transitions\":{\"canceled_at\":null,\"paid_at\":null}}";
    }


    @Test
    void a_basil_failure_gets_the_hard_decline_its_charge_left_and_asks_for_a_new_card() {
        ANSWERS.put("invoice=in_1RXq4rCMHTTliF5iFa1LeD01", invoicePayment("in_1RXq4rCMHTTliF5iFa1LeD01", "pi_3RXr9mCMHTTliF5i0hArD001",
                1749439390));
        deliverFile(chain, "customer.created-2025-03-31.basil.json");
        deliverFile(chain, "charge.failed-2025-03-31.basil.json");
        int mark = chain.mailMark();
        deliverFile(chain, "invoice.payment_failed-2025-03-31.basil.json");

        List<Effect.SendEmail> sent = emails(chain, "cus_SGqVI5XZS5sDjA");
        assertEquals(1, sent.size());
        assertEquals(Optional.of("stolen_card"), sent.get(0).declineCode(), "linked through Stripe's InvoicePayment");
        assertTrue(ASKED.contains("Bearer " + KEY + " invoice=in_1RXq4rCMHTTliF5iFa1LeD01&limit=100"), ASKED.toString());
        String text = chain.mailsSince(mark).get(0).text();
        assertTrue(text.contains("we will not retry it"), "a hard decline asks for a new payment method: " + text);
    }

    @Test
    void a_basil_failure_that_needs_authentication_is_an_authentication_notice_not_a_decline() {
        chain.accountWithStripeId("LG1", "EUR", "cus_SR8o2vcGRkVb6v");
        deliverFile(chain, "payment_intent.payment_failed-2025-04-30.basil.json");
        ObjectNode failed = envelope("invoice.payment_failed-2025-03-31.basil.json");
        ((ObjectNode) failed.get("detail")).put("id", "evt_1RWGX9Q8iJWBZFaMinvFail1").put("api_version", "2025-04-30.basil");
        failed.put("time", "2025-06-04T12:35:09Z");
        object(failed).put("id", "in_1RWGX8LagoInvoice001").put("customer", "cus_SR8o2vcGRkVb6v").put("currency", "eur")
                .put("amount_due", 4620).put("amount_remaining", 4620).put("total", 4620).put("subtotal", 4620);
        ((ObjectNode) object(failed).get("status_transitions")).put("finalized_at", 1749040500);
        ANSWERS.put("invoice=in_1RWGX8LagoInvoice001", invoicePayment("in_1RWGX8LagoInvoice001", "pi_3RWGX8Q8iJWBZFaM0ZSHRgfm",
                1749040506));
        deliver(chain, Json.write(failed));

        assertEquals(List.of("payment-action-required"), emails(chain, "LG1").stream().map(Effect.SendEmail::template).toList(),
                "authentication_not_handled: the customer must authenticate, no payment-failed notice");
    }

    @Test
    void a_basil_dispute_finds_its_invoice_through_stripe_at_once() {
        chain.accountWithStripeId("US1", "USD", "cus_USDispute1");
        ObjectNode paid = envelope("invoice.paid-2025-03-31.basil.json");
        ((ObjectNode) paid.get("detail")).put("id", "evt_1RWXidUSDpaid0002");
        paid.put("time", "2025-06-05T06:00:00Z");
        object(paid).put("id", "in_1RWXidUSDinvoice2").put("customer", "cus_USDispute1").put("currency", "usd")
                .put("amount_due", 100).put("amount_paid", 100).put("total", 100).put("subtotal", 100);
        ((ObjectNode) object(paid).get("status_transitions")).put("finalized_at", 1749099600).put("paid_at", 1749099601);
        deliver(chain, Json.write(paid));
        ANSWERS.put("payment_intent%5D=pi_3RWXidQ8iJWBZFaM0hwfe7LL", invoicePayment("in_1RWXidUSDinvoice2", "pi_3RWXidQ8iJWBZFaM0hwfe7LL",
                1749099590));
        deliverFile(chain, "charge.dispute.created-2025-04-30.basil.json");

        assertEquals(0, parked(chain, Keys.stripeObject("pi_3RWXidQ8iJWBZFaM0hwfe7LL")), "not parked: Stripe named the invoice");
        assertTrue(chain.invoice("US1", "in_1RWXidUSDinvoice2").disputed(), "its dispute is open");
    }
}
