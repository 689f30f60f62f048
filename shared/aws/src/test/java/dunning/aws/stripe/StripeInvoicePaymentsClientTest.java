package dunning.aws.stripe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The InvoicePayment lookup against a loopback stand-in of Stripe's API: what it asks, and how it reads the answer. */
class StripeInvoicePaymentsClientTest {
    static final String KEY = "sk_test_standin";

    HttpServer server;
    final List<String> asked = new ArrayList<>();
    final List<String> headers = new ArrayList<>();
    volatile int status = 200;
    volatile String answer = "";

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/invoice_payments", exchange -> {
            asked.add(exchange.getRequestURI().getRawQuery());
            headers.add(exchange.getRequestHeaders().getFirst("Authorization") + " | " + exchange.getRequestHeaders().getFirst("Stripe-Version"));
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    InvoicePayments client() {
        return StripeInvoicePaymentsClient.of(Optional.of(KEY), "http://127.0.0.1:" + server.getAddress().getPort());
    }

    static String payment(String id, String invoice, String intent, long created, String status) {
        return "{\"id\":\"" + id + "\",\"object\":\"invoice_payment\",\"amount_paid\":null,\"amount_requested\":4999,\"created\":"
                + created + ",\"currency\":\"cad\",\"invoice\":\"" + invoice + "\",\"is_default\":true,\"livemode\":false,"
                + "\"payment\":{\"type\":\"payment_intent\",\"payment_intent\":\"" + intent + "\"},\"status\":\"" + status
                + "\",\"status_transitions\":{\"canceled_at\":null,\"paid_at\":null}}";
    }

    @Test
    void an_invoices_payments_are_listed_newest_first_with_the_key_and_a_pinned_version() {
        answer = "{\"object\":\"list\",\"url\":\"/v1/invoice_payments\",\"has_more\":false,\"data\":["
                + payment("inpay_1", "in_1RXq", "pi_old", 1749000000, "canceled") + ","
                + payment("inpay_2", "in_1RXq", "pi_new", 1749439390, "open") + "]}";
        List<InvoicePayments.InvoicePayment> found = client().ofInvoice("in_1RXq");

        assertEquals(List.of("pi_new", "pi_old"), found.stream().map(p -> p.paymentIntent().orElseThrow()).toList());
        assertEquals("invoice=in_1RXq&limit=100", asked.get(0));
        assertEquals("Bearer " + KEY + " | " + StripeInvoicePaymentsClient.API_VERSION, headers.get(0));
        assertEquals("open", found.get(0).status());
    }

    @Test
    void a_payment_intents_invoices_are_asked_by_its_payment_details() {
        answer = "{\"object\":\"list\",\"has_more\":false,\"data\":[" + payment("inpay_3", "in_9", "pi_3RWG", 1749106568, "paid") + "]}";
        assertEquals("in_9", client().ofPaymentIntent("pi_3RWG").get(0).invoice());
        assertEquals("payment%5Btype%5D=payment_intent&payment%5Bpayment_intent%5D=pi_3RWG&limit=100", asked.get(0));
    }

    @Test
    void no_key_asks_nothing_a_404_is_nothing_and_an_error_is_an_exception_to_retry() {
        InvoicePayments none = StripeInvoicePaymentsClient.of(Optional.of("none"), "http://127.0.0.1:" + server.getAddress().getPort());
        assertFalse(none.configured());
        assertEquals(List.of(), none.ofInvoice("in_1"));
        assertEquals(List.of(), asked, "without a key nothing is asked");

        status = 404;
        answer = "{\"error\":{\"type\":\"invalid_request_error\"}}";
        assertEquals(List.of(), client().ofInvoice("in_gone"));
        status = 500;
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> client().ofInvoice("in_1"));
        assertTrue(e.getMessage().startsWith("Stripe answered 500"), e.getMessage());
        status = 200;
        answer = "{\"object\":\"list\",\"data\":[{\"id\":\"inpay_4\",\"invoice\":\"in_1\"}]}";
        assertThrows(RuntimeException.class, () -> client().ofInvoice("in_1"), "an InvoicePayment without its payment is refused");
    }

    @Test
    void the_base_url_is_resolved_against_the_api_path() {
        assertEquals(URI.create("http://127.0.0.1:1/v1/invoice_payments?x"), URI.create("http://127.0.0.1:1").resolve("/v1/invoice_payments?x"));
    }
}
