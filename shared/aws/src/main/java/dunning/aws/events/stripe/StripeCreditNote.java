package dunning.aws.events.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import dunning.aws.json.BadMessageException;
import dunning.aws.json.Fields;
import dunning.aws.json.Id;
import java.util.Optional;

/**
 * What Dunning reads of a Stripe CreditNote: its invoice, currency, amount, and how much of it lowers
 * what the invoice still owes. A pre-payment credit note lowers the open invoice's {@code amount_due};
 * a post-payment one refunds, credits the customer's balance (which Stripe takes off the next invoice
 * itself) or is settled out of band, so it lowers nothing Dunning still collects.
 *
 * @param prePaymentAmount {@code pre_payment_amount} (clover and later, where a note can be "mixed"); empty before
 */
public record StripeCreditNote(String id, String customer, String invoice, String currency, long amount,
                               Optional<Long> prePaymentAmount, String type, String status) {

    static StripeCreditNote read(JsonNode o, String p) {
        StripeFields.kind(o, p, "credit_note");
        return new StripeCreditNote(StripeFields.id(o, "id", p, Id.EVENT, "credit note", "cn_"),
                StripeFields.customer(o, p).orElseThrow(() -> new BadMessageException(p + ".customer: required")),
                StripeFields.id(o, "invoice", p, Id.INVOICE, "invoice", "in_"), Fields.currency(o, "currency", p),
                StripeFields.minorUnits(o, "amount", p), StripeFields.optionalMinorUnits(o, "pre_payment_amount", p),
                StripeFields.code(o, "type", p).orElse("pre_payment"), StripeFields.code(o, "status", p).orElse("issued"));
    }

    /** What it takes off the invoice's open balance, in minor units. */
    public long offTheBalance() {
        if (!status.equals("issued")) {
            return 0;
        }
        return prePaymentAmount.orElse(type.equals("pre_payment") ? amount : 0L);
    }
}
