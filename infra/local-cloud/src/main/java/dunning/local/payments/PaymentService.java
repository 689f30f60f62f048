package dunning.local.payments;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dunning.aws.eventbridge.EventBridgePublisher;
import dunning.aws.eventbridge.EventPublisher.PublishedEvent;
import dunning.aws.events.PaymentEventReader;
import dunning.aws.json.Json;
import dunning.local.LocalCloud;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * The payment service, played locally: {@code Payment Succeeded} and {@code Payment Failed} in the
 * project's own schema (events/payment-*.json), from {@code billing.payments} on the default bus,
 * stamped with the runner's clock. The template's PaymentEventsRule takes them to payment-events.
 */
public final class PaymentService {
    public static final String SOURCE = "billing.payments";

    private final LocalCloud cloud;
    private final EventBridgePublisher publisher;

    public PaymentService(LocalCloud cloud) {
        this.cloud = cloud;
        this.publisher = new EventBridgePublisher(cloud.clients().eventBridge(), "default", SOURCE, cloud.clock());
    }

    public PublishedEvent succeeded(String paymentId, String account, Optional<String> invoice, BigDecimal amount, String currency) {
        ObjectNode detail = detail(paymentId, account, invoice, amount, currency);
        detail.put("paidAt", cloud.clock().instant().toString());
        return new PublishedEvent(PaymentEventReader.PAYMENT_SUCCEEDED, Json.write(detail), List.of());
    }

    public PublishedEvent failed(String paymentId, String account, String invoice, BigDecimal amount, String currency,
                                 String declineCode) {
        ObjectNode detail = detail(paymentId, account, Optional.of(invoice), amount, currency);
        detail.put("declineCode", declineCode);
        detail.put("failedAt", cloud.clock().instant().toString());
        detail.put("attempt", 1);
        return new PublishedEvent(PaymentEventReader.PAYMENT_FAILED, Json.write(detail), List.of());
    }

    /** Puts the events on EventBridge, in pages of 10, failed entries sent again. */
    public void publish(List<PublishedEvent> events) {
        publisher.publish(events);
    }

    private static ObjectNode detail(String paymentId, String account, Optional<String> invoice, BigDecimal amount, String currency) {
        ObjectNode detail = Json.object();
        detail.put("paymentId", paymentId);
        detail.put("accountId", account);
        invoice.ifPresent(i -> detail.put("invoiceId", i));
        detail.put("amount", amount.toPlainString());
        detail.put("currency", currency);
        return detail;
    }
}
