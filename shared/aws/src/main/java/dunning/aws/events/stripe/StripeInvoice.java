package dunning.aws.events.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import dunning.aws.json.Fields;
import dunning.aws.json.Id;
import java.time.Instant;
import java.util.Optional;

/**
 * What Dunning reads of a Stripe Invoice: who owes what in which currency, when it was finalized and
 * is due, where it stands, and (before basil) the charge and PaymentIntent of its latest attempt.
 *
 * @param amountDue             Stripe's {@code amount_due}: what the customer owes (after the customer's credit balance)
 * @param prePaymentCreditNotes credit notes issued before payment: they lowered {@code amount_due} since it was finalized
 * @param nextPaymentAttempt    when Stripe will charge again by itself; empty when it will not
 */
public record StripeInvoice(String id, String customer, String currency, long amountDue, long amountPaid,
                            long prePaymentCreditNotes, String status, Optional<String> collectionMethod, Optional<Instant> dueDate,
                            Optional<Instant> finalizedAt, Instant created, Optional<String> charge, Optional<String> paymentIntent,
                            Optional<Instant> nextPaymentAttempt, long attemptCount, Optional<String> hostedInvoiceUrl,
                            Optional<String> number) {

    static StripeInvoice read(JsonNode o, String p) {
        StripeFields.kind(o, p, "invoice");
        String customer = StripeFields.customer(o, p)
                .orElseThrow(() -> new dunning.aws.json.BadMessageException(p + ".customer: required: an invoice is a customer's"));
        Optional<Instant> finalizedAt = StripeFields.optionalObject(o, "status_transitions", p)
                .flatMap(t -> StripeFields.epoch(t, "finalized_at", p + ".status_transitions"));
        return new StripeInvoice(StripeFields.id(o, "id", p, Id.INVOICE, "invoice", "in_"), customer, Fields.currency(o, "currency", p),
                StripeFields.minorUnits(o, "amount_due", p), StripeFields.optionalMinorUnits(o, "amount_paid", p).orElse(0L),
                StripeFields.optionalMinorUnits(o, "pre_payment_credit_notes_amount", p).orElse(0L),
                StripeFields.code(o, "status", p).orElse("open"), StripeFields.code(o, "collection_method", p),
                StripeFields.epoch(o, "due_date", p), finalizedAt,
                StripeFields.epoch(o, "created", p).or(() -> finalizedAt).orElseThrow(() -> new dunning.aws.json.BadMessageException(
                        p + ".created: required: an invoice is issued on its finalization (or creation) date")),
                StripeFields.optionalId(o, "charge", p, Id.EXTERNAL, "charge", "ch_", "py_"),
                StripeFields.optionalId(o, "payment_intent", p, Id.EXTERNAL, "PaymentIntent", "pi_"),
                StripeFields.epoch(o, "next_payment_attempt", p),
                Fields.optionalInteger(o, "attempt_count", p, 0, 10_000).orElse(0L),
                Fields.optionalText(o, "hosted_invoice_url", p).map(u -> Fields.httpsUrl(u, p + ".hosted_invoice_url")),
                Fields.optionalPrintable(o, "number", p, "an invoice number", 128));
    }

    /** What the invoice was finalized to owe: {@code amount_due} before any pre-payment credit note lowered it. */
    public long amountIssued() {
        return amountDue + prePaymentCreditNotes;
    }
}
