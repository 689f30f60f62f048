package dunning.aws.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import dunning.aws.json.Fields;
import dunning.aws.json.Id;
import dunning.aws.json.Json;
import dunning.aws.lambda.Deadline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Stripe's InvoicePayment list over the JDK's HTTP client: {@code GET /v1/invoice_payments} with the
 * secret key as a bearer token and {@code Stripe-Version} pinned to 2025-03-31.basil (the version that
 * introduced the object, so the answer's shape does not depend on the account's default version).
 * Answers are read with the same field checks as events; a 404 is "no such payments"; anything else
 * that is not a 200 is an exception, so the message that asked is retried.
 */
public final class StripeInvoicePaymentsClient implements InvoicePayments {
    public static final String API_VERSION = "2025-03-31.basil";
    /** The most payments of one invoice read: Stripe's page limit (an invoice paid in more parts is read from its newest 100). */
    static final int LIMIT = 100;
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final URI base;
    private final String secretKey;
    private final HttpClient http;

    /** @param base {@code https://api.stripe.com}, or a stand-in's loopback address */
    public StripeInvoicePaymentsClient(URI base, String secretKey) {
        this.base = base;
        this.secretKey = secretKey;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public boolean configured() {
        return true;
    }

    @Override
    public List<InvoicePayment> ofInvoice(String invoiceId) {
        return list("invoice=" + encode(invoiceId));
    }

    @Override
    public List<InvoicePayment> ofPaymentIntent(String paymentIntentId) {
        return list("payment%5Btype%5D=payment_intent&payment%5Bpayment_intent%5D=" + encode(paymentIntentId));
    }

    private List<InvoicePayment> list(String query) {
        Duration left = Deadline.current().remaining();
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/invoice_payments?" + query + "&limit=" + LIMIT))
                .timeout(left.compareTo(TIMEOUT) < 0 ? (left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left) : TIMEOUT)
                .header("Authorization", "Bearer " + secretKey)
                .header("Stripe-Version", API_VERSION)
                .header("Accept", "application/json")
                .GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Stripe's InvoicePayment list did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking Stripe for InvoicePayments", e);
        }
        if (response.statusCode() == 404) {
            return List.of();
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Stripe answered " + response.statusCode() + " to GET /v1/invoice_payments: "
                    + Fields.shown(response.body()));
        }
        return read(Json.parse(response.body()));
    }

    /** A Stripe list of invoice_payment objects, newest first. */
    static List<InvoicePayment> read(JsonNode list) {
        Fields.requireObject(list, "$");
        JsonNode data = list.get("data");
        if (data == null || !data.isArray()) {
            throw new IllegalStateException("Stripe's InvoicePayment list has no data array");
        }
        List<InvoicePayment> out = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            JsonNode p = data.get(i);
            String path = "$.data[" + i + "]";
            Fields.requireObject(p, path);
            JsonNode payment = Fields.object(p, "payment", path);
            out.add(new InvoicePayment(Fields.id(p, "id", path, Id.EXTERNAL), Fields.id(p, "invoice", path, Id.INVOICE),
                    Fields.optionalId(payment, "payment_intent", path + ".payment", Id.EXTERNAL),
                    Fields.optionalId(payment, "charge", path + ".payment", Id.EXTERNAL),
                    Fields.optionalText(p, "status", path).orElse("open"),
                    Fields.optionalInteger(p, "created", path, 0, Long.MAX_VALUE).orElse(0L)));
        }
        out.sort(Comparator.comparingLong(InvoicePayment::created).reversed());
        return out;
    }

    private static String encode(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8);
    }

    /** The configured client, or {@link InvoicePayments#NONE} when the key is absent ("none"). */
    public static InvoicePayments of(Optional<String> key, String base) {
        return key.filter(k -> !k.equals("none")).<InvoicePayments>map(k -> new StripeInvoicePaymentsClient(URI.create(base), k))
                .orElse(NONE);
    }
}
