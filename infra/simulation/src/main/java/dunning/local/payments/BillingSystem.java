package dunning.local.payments;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dunning.aws.eventbridge.EventBridgePublisher;
import dunning.aws.eventbridge.EventPublisher.PublishedEvent;
import dunning.aws.events.AccountInstruction;
import dunning.aws.events.PaymentEventReader;
import dunning.aws.json.Json;
import dunning.local.LocalCloud;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * The billing systems upstream of dunning, played locally, stamped with the runner's clock: the
 * payment service ({@code Payment Succeeded}, {@code Payment Failed} from {@code billing.payments})
 * and the billing and collections tools (disputes, payment plans, approvals, exemptions from
 * {@code billing.accounts}), in the project's own schemas (events/). The template's rules take
 * them to payment-events.
 */
public final class BillingSystem {
    public static final String PAYMENTS = "billing.payments";
    public static final String ACCOUNTS = "billing.accounts";

    private final LocalCloud cloud;
    private final EventBridgePublisher payments;
    private final EventBridgePublisher accounts;

    public BillingSystem(LocalCloud cloud) {
        this.cloud = cloud;
        this.payments = new EventBridgePublisher(cloud.clients().eventBridge(), "default", PAYMENTS, cloud.clock());
        this.accounts = new EventBridgePublisher(cloud.clients().eventBridge(), "default", ACCOUNTS, cloud.clock());
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

    public PublishedEvent disputeChanged(String eventId, String account, String invoice, boolean open) {
        ObjectNode d = instruction(eventId, account);
        d.put("invoiceId", invoice);
        d.put("status", open ? "OPEN" : "CLOSED");
        d.put("changedAt", cloud.clock().instant().toString());
        return new PublishedEvent(AccountInstruction.DISPUTE_CHANGED, Json.write(d), List.of());
    }

    public PublishedEvent paymentPlanAgreed(String eventId, String account, List<String> invoices, int installments, int everyDays) {
        ObjectNode d = instruction(eventId, account);
        invoices.forEach(d.putArray("invoiceIds")::add);
        d.put("installments", installments);
        d.put("everyDays", everyDays);
        d.put("agreedAt", cloud.clock().instant().toString());
        return new PublishedEvent(AccountInstruction.PAYMENT_PLAN_AGREED, Json.write(d), List.of());
    }

    public PublishedEvent levelApproved(String eventId, String account, String level) {
        ObjectNode d = instruction(eventId, account);
        d.put("level", level);
        d.put("approvedAt", cloud.clock().instant().toString());
        return new PublishedEvent(AccountInstruction.LEVEL_APPROVED, Json.write(d), List.of());
    }

    public PublishedEvent exemptionChanged(String eventId, String account, boolean exempt) {
        ObjectNode d = instruction(eventId, account);
        d.put("exempt", exempt);
        d.put("changedAt", cloud.clock().instant().toString());
        return new PublishedEvent(AccountInstruction.EXEMPTION_CHANGED, Json.write(d), List.of());
    }

    /**
     * Puts the events on EventBridge in their order, each from its system (payments or accounts),
     * in pages of 10 with failed entries sent again.
     */
    public void publish(List<PublishedEvent> events) {
        List<PublishedEvent> run = new java.util.ArrayList<>();
        Boolean runIsPayments = null;
        for (PublishedEvent e : events) {
            boolean payment = e.detailType().equals(PaymentEventReader.PAYMENT_SUCCEEDED)
                    || e.detailType().equals(PaymentEventReader.PAYMENT_FAILED);
            if (runIsPayments != null && runIsPayments != payment) {
                (runIsPayments ? payments : accounts).publish(run);
                run.clear();
            }
            runIsPayments = payment;
            run.add(e);
        }
        if (!run.isEmpty()) {
            (runIsPayments ? payments : accounts).publish(run);
        }
    }

    private static ObjectNode instruction(String eventId, String account) {
        ObjectNode d = Json.object();
        d.put("eventId", eventId);
        d.put("accountId", account);
        return d;
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
