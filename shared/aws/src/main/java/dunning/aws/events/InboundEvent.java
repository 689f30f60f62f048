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

    <R> R accept(Visitor<R> visitor);

    /** One method per kind of event: whatever handles every kind implements it, so a new kind is a compile error there. */
    interface Visitor<R> {
        R paymentFailed(PaymentEvent.Failed e);

        R paymentSucceeded(PaymentEvent.Succeeded e);

        R paymentRefunded(PaymentEvent.Refunded e);

        R accountUpserted(BillingEvent.AccountUpserted e);

        R invoiceIssued(BillingEvent.InvoiceIssued e);

        R invoiceVoided(BillingEvent.InvoiceVoided e);

        R creditNoteIssued(BillingEvent.CreditNoteIssued e);

        R disputeChanged(AccountInstruction.DisputeChanged e);

        R paymentPlanAgreed(AccountInstruction.PaymentPlanAgreed e);

        R levelApproved(AccountInstruction.LevelApproved e);

        R exemptionChanged(AccountInstruction.ExemptionChanged e);
    }
}
