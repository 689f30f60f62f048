package dunning.aws.events.stripe;

import dunning.aws.events.ConsumedEvent;
import java.time.Instant;

/**
 * One Stripe event as its Amazon EventBridge integration delivers it (the envelope's {@code detail} is
 * the whole Stripe Event), read into the object it carries. Every API version still in use is read:
 * 2022-11-15 up to acacia, and 2025-03-31 "basil" and later, where the invoice no longer names its
 * charge or PaymentIntent and charges and PaymentIntents no longer name their invoice.
 */
public sealed interface StripeEvent extends ConsumedEvent {
    String CUSTOMER_CREATED = "customer.created";
    String CUSTOMER_UPDATED = "customer.updated";
    String INVOICE_FINALIZED = "invoice.finalized";
    String INVOICE_PAID = "invoice.paid";
    String INVOICE_PAYMENT_SUCCEEDED = "invoice.payment_succeeded";
    String INVOICE_PAYMENT_FAILED = "invoice.payment_failed";
    String INVOICE_PAYMENT_ACTION_REQUIRED = "invoice.payment_action_required";
    String INVOICE_VOIDED = "invoice.voided";
    String INVOICE_MARKED_UNCOLLECTIBLE = "invoice.marked_uncollectible";
    String PAYMENT_INTENT_PAYMENT_FAILED = "payment_intent.payment_failed";
    String CHARGE_FAILED = "charge.failed";
    String CHARGE_SUCCEEDED = "charge.succeeded";
    String CHARGE_REFUNDED = "charge.refunded";
    String CHARGE_DISPUTE_CREATED = "charge.dispute.created";
    String CHARGE_DISPUTE_CLOSED = "charge.dispute.closed";
    String CREDIT_NOTE_CREATED = "credit_note.created";
    /** The first API version whose objects no longer link invoices and payments (docs.stripe.com/changelog/basil). */
    String BASIL = "2025-03-31";

    /** Stripe's event id, evt_…: redeliveries of one event carry the same. */
    @Override
    String eventId();

    String type();

    /** The event destination's API version ({@code 2022-11-15}, {@code 2025-03-31.basil}, …). */
    String apiVersion();

    /** When Stripe created the event: the updatedAt of what it says. */
    Instant created();

    /**
     * Whether the objects of this API version name their links (an invoice its charge and PaymentIntent,
     * a charge and a PaymentIntent their invoice): every version before basil.
     */
    default boolean linksPayments() {
        return apiVersion().compareTo(BASIL) < 0;
    }

    record CustomerChanged(String eventId, String type, String apiVersion, Instant created, StripeCustomer customer)
            implements StripeEvent {}

    record InvoiceChanged(String eventId, String type, String apiVersion, Instant created, StripeInvoice invoice)
            implements StripeEvent {}

    /** charge.failed, charge.succeeded, charge.refunded. */
    record ChargeChanged(String eventId, String type, String apiVersion, Instant created, StripeCharge charge)
            implements StripeEvent {}

    record PaymentIntentFailed(String eventId, String type, String apiVersion, Instant created, StripePaymentIntent intent)
            implements StripeEvent {}

    /** charge.dispute.created, charge.dispute.closed. */
    record DisputeChanged(String eventId, String type, String apiVersion, Instant created, StripeDispute dispute)
            implements StripeEvent {}

    record CreditNoteCreated(String eventId, String type, String apiVersion, Instant created, StripeCreditNote creditNote)
            implements StripeEvent {}
}
