package dunning.aws.events.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import dunning.aws.json.Fields;
import dunning.aws.json.Id;
import java.util.Optional;

/**
 * What Dunning reads of a Stripe Charge: its amount and how much of it was refunded (Stripe's
 * running total), its PaymentIntent, its invoice (before basil the field is there, null for a charge of
 * no invoice; from basil on it is gone), and why it failed.
 *
 * @param namesInvoice whether the object has an {@code invoice} field at all (every version before basil)
 * @param declineCode  the issuer's reason ({@code outcome.reason}, e.g. insufficient_funds, stolen_card), else {@code failure_code}
 */
public record StripeCharge(String id, Optional<String> customer, String currency, long amount, long amountRefunded,
                           boolean namesInvoice, Optional<String> invoice, Optional<String> paymentIntent,
                           Optional<String> declineCode) {

    static StripeCharge read(JsonNode o, String p) {
        StripeFields.kind(o, p, "charge");
        Optional<String> reason = StripeFields.optionalObject(o, "outcome", p).flatMap(out -> StripeFields.code(out, "reason", p + ".outcome"));
        return new StripeCharge(StripeFields.id(o, "id", p, Id.EXTERNAL, "charge", "ch_", "py_"), StripeFields.customer(o, p),
                Fields.currency(o, "currency", p), StripeFields.minorUnits(o, "amount", p),
                StripeFields.optionalMinorUnits(o, "amount_refunded", p).orElse(0L), o.has("invoice"),
                StripeFields.optionalId(o, "invoice", p, Id.INVOICE, "invoice", "in_"),
                StripeFields.optionalId(o, "payment_intent", p, Id.EXTERNAL, "PaymentIntent", "pi_"),
                reason.or(() -> StripeFields.code(o, "failure_code", p)));
    }
}
