package dunning.local.payments;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dunning.aws.eventbridge.EventBridgePublisher;
import dunning.aws.eventbridge.EventPublisher.PublishedEvent;
import dunning.aws.events.AccountInstruction;
import dunning.aws.events.BillingEvent;
import dunning.aws.events.PaymentEventReader;
import dunning.aws.json.Json;
import dunning.aws.store.BillingRecords;
import dunning.local.LocalCloud;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The billing systems upstream of dunning, played locally, stamped with the runner's clock: the
 * payment service ({@code Payment Succeeded}, {@code Payment Failed}, {@code Payment Refunded} from
 * {@code billing.payments}), the billing system's accounts and invoices ({@code Account Upserted} from
 * {@code billing.accounts}; {@code Invoice Issued}, {@code Invoice Voided}, {@code Credit Note Issued}
 * from {@code billing.invoices}) and the billing and collections tools (disputes, payment plans,
 * approvals, exemptions from {@code billing.accounts}), in the project's own schemas (events/). The
 * template's rules take them to payment-events.
 */
public final class BillingSystem {
    public static final String PAYMENTS = PaymentEventReader.PAYMENTS_SOURCE;
    public static final String ACCOUNTS = PaymentEventReader.ACCOUNTS_SOURCE;
    public static final String INVOICES = PaymentEventReader.INVOICES_SOURCE;
    private static final Set<String> FROM_PAYMENTS = Set.of(PaymentEventReader.PAYMENT_SUCCEEDED, PaymentEventReader.PAYMENT_FAILED,
            PaymentEventReader.PAYMENT_REFUNDED);
    private static final Set<String> FROM_INVOICES = Set.of(BillingEvent.INVOICE_ISSUED, BillingEvent.INVOICE_VOIDED,
            BillingEvent.CREDIT_NOTE_ISSUED);

    private final LocalCloud cloud;
    private final Map<String, EventBridgePublisher> publishers = new LinkedHashMap<>();

    public BillingSystem(LocalCloud cloud) {
        this.cloud = cloud;
        for (String source : List.of(PAYMENTS, ACCOUNTS, INVOICES)) {
            publishers.put(source, new EventBridgePublisher(cloud.clients().eventBridge(), "default", source, cloud.clock()));
        }
    }

    /** The account's whole profile as the billing system holds it now (its updatedAt the runner's clock). */
    public PublishedEvent accountUpserted(BillingRecords.Profile p) {
        return accountUpserted(p, cloud.clock().instant());
    }

    public PublishedEvent accountUpserted(BillingRecords.Profile p, Instant updatedAt) {
        ObjectNode d = Json.object();
        d.put("accountId", p.accountId());
        d.put("name", p.name());
        p.email().ifPresent(e -> d.put("email", e));
        d.put("locale", p.locale());
        d.put("timeZone", p.timeZone());
        d.put("currency", p.currency().orElseThrow());
        d.put("arTerm", p.arTerm());
        p.billGroup().ifPresent(g -> d.put("billGroup", g));
        if (!p.tags().isEmpty()) {
            p.tags().forEach(d.putArray("tags")::add);
        }
        d.put("annualRevenue", p.annualRevenue().toPlainString());
        d.put("exempt", p.exempt());
        d.put("collectionsCases", p.collectionsCases());
        if (!p.recurring().isEmpty()) {
            var charges = d.putArray("recurringCharges");
            p.recurring().forEach(r -> charges.addObject().put("description", r.description()).put("amount", r.amount().toPlainString()));
        }
        if (!p.externalIds().isEmpty()) {
            ObjectNode ext = d.putObject("externalIds");
            p.externalIds().forEach(ext::put);
        }
        d.put("updatedAt", updatedAt.toString());
        return new PublishedEvent(BillingEvent.ACCOUNT_UPSERTED, Json.write(d), List.of());
    }

    public PublishedEvent invoiceIssued(String account, String invoice, LocalDate issued, LocalDate due, BigDecimal amount,
                                        String currency) {
        ObjectNode d = Json.object();
        d.put("invoiceId", invoice);
        d.put("accountId", account);
        d.put("number", invoice);
        d.put("issueDate", issued.toString());
        d.put("dueDate", due.toString());
        d.put("currency", currency);
        d.put("amount", amount.toPlainString());
        d.put("issuedAt", cloud.clock().instant().toString());
        return new PublishedEvent(BillingEvent.INVOICE_ISSUED, Json.write(d), List.of());
    }

    public PublishedEvent invoiceVoided(String eventId, String account, String invoice) {
        return instruction(BillingEvent.INVOICE_VOIDED, eventId, account, "voidedAt", d -> d.put("invoiceId", invoice));
    }

    public PublishedEvent creditNoteIssued(String creditNoteId, String account, String invoice, BigDecimal amount, String currency) {
        ObjectNode d = money("creditNoteId", creditNoteId, account, Optional.of(invoice), amount, currency);
        d.put("issuedAt", cloud.clock().instant().toString());
        return new PublishedEvent(BillingEvent.CREDIT_NOTE_ISSUED, Json.write(d), List.of());
    }

    public PublishedEvent paymentRefunded(String refundId, String account, String invoice, BigDecimal amount, String currency) {
        ObjectNode d = money("refundId", refundId, account, Optional.of(invoice), amount, currency);
        d.put("kind", "REFUND");
        d.put("refundedAt", cloud.clock().instant().toString());
        return new PublishedEvent(PaymentEventReader.PAYMENT_REFUNDED, Json.write(d), List.of());
    }

    public PublishedEvent succeeded(String paymentId, String account, Optional<String> invoice, BigDecimal amount, String currency) {
        ObjectNode detail = money("paymentId", paymentId, account, invoice, amount, currency);
        detail.put("paidAt", cloud.clock().instant().toString());
        return new PublishedEvent(PaymentEventReader.PAYMENT_SUCCEEDED, Json.write(detail), List.of());
    }

    public PublishedEvent failed(String paymentId, String account, String invoice, BigDecimal amount, String currency,
                                 String declineCode) {
        ObjectNode detail = money("paymentId", paymentId, account, Optional.of(invoice), amount, currency);
        detail.put("declineCode", declineCode);
        detail.put("failedAt", cloud.clock().instant().toString());
        detail.put("attempt", 1);
        return new PublishedEvent(PaymentEventReader.PAYMENT_FAILED, Json.write(detail), List.of());
    }

    public PublishedEvent disputeChanged(String eventId, String account, String invoice, boolean open) {
        return instruction(AccountInstruction.DISPUTE_CHANGED, eventId, account, "changedAt",
                d -> d.put("invoiceId", invoice).put("status", open ? "OPEN" : "CLOSED"));
    }

    public PublishedEvent paymentPlanAgreed(String eventId, String account, List<String> invoices, int installments, int everyDays) {
        return instruction(AccountInstruction.PAYMENT_PLAN_AGREED, eventId, account, "agreedAt", d -> {
            invoices.forEach(d.putArray("invoiceIds")::add);
            d.put("installments", installments).put("everyDays", everyDays);
        });
    }

    public PublishedEvent levelApproved(String eventId, String account, String level) {
        return instruction(AccountInstruction.LEVEL_APPROVED, eventId, account, "approvedAt", d -> d.put("level", level));
    }

    public PublishedEvent exemptionChanged(String eventId, String account, boolean exempt) {
        return instruction(AccountInstruction.EXEMPTION_CHANGED, eventId, account, "changedAt", d -> d.put("exempt", exempt));
    }

    /**
     * Puts the events on EventBridge in their order, each from its system (payments, accounts or
     * invoices), in pages of 10 with failed entries sent again.
     */
    public void publish(List<PublishedEvent> events) {
        List<PublishedEvent> run = new java.util.ArrayList<>();
        String runSource = null;
        for (PublishedEvent e : events) {
            String source = sourceOf(e.detailType());
            if (runSource != null && !runSource.equals(source)) {
                publishers.get(runSource).publish(run);
                run.clear();
            }
            runSource = source;
            run.add(e);
        }
        if (!run.isEmpty()) {
            publishers.get(runSource).publish(run);
        }
    }

    /** The producer of a detail-type, as the template's rules and ALLOWED_EVENT_SOURCES know it. */
    static String sourceOf(String detailType) {
        return FROM_PAYMENTS.contains(detailType) ? PAYMENTS : FROM_INVOICES.contains(detailType) ? INVOICES : ACCOUNTS;
    }

    /** An instruction about an account: its event id, the account, its own {@code fields}, and when ({@code atField}, now). */
    private PublishedEvent instruction(String detailType, String eventId, String account, String atField, Consumer<ObjectNode> fields) {
        ObjectNode d = Json.object();
        d.put("eventId", eventId);
        d.put("accountId", account);
        fields.accept(d);
        d.put(atField, cloud.clock().instant().toString());
        return new PublishedEvent(detailType, Json.write(d), List.of());
    }

    /** What every money event starts with: its own id ({@code idField}), the account, the invoice, the amount. */
    private static ObjectNode money(String idField, String id, String account, Optional<String> invoice, BigDecimal amount,
                                    String currency) {
        ObjectNode detail = Json.object();
        detail.put(idField, id);
        detail.put("accountId", account);
        invoice.ifPresent(i -> detail.put("invoiceId", i));
        detail.put("amount", amount.toPlainString());
        detail.put("currency", currency);
        return detail;
    }
}
