package dunning.aws.events;

import java.time.Instant;

/**
 * An event of the stack's own producers: a payment or refund (billing.payments), an account or an
 * instruction about one (billing.accounts), an invoice, its void or credit note (billing.invoices).
 */
public sealed interface InboundEvent extends ConsumedEvent permits PaymentEvent, AccountInstruction, BillingEvent {
    /** The producer's id of the event: what makes it count once. */
    @Override
    String eventId();

    PaymentEvent.AccountRef account();

    Instant occurredAt();
}
