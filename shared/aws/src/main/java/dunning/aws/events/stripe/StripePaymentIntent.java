package dunning.aws.events.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import dunning.aws.json.Fields;
import dunning.aws.json.Id;
import java.util.Optional;

/**
 * What Dunning reads of a failed Stripe PaymentIntent: its latest charge, its invoice (before basil),
 * and its {@code last_payment_error}: the decline code, else the error code.
 *
 * @param namesInvoice whether the object has an {@code invoice} field at all (every version before basil)
 */
public record StripePaymentIntent(String id, Optional<String> customer, String currency, boolean namesInvoice,
                                  Optional<String> invoice, Optional<String> latestCharge, Optional<String> declineCode,
                                  Optional<String> errorCode) {

    static StripePaymentIntent read(JsonNode o, String p) {
        StripeFields.kind(o, p, "payment_intent");
        Optional<JsonNode> error = StripeFields.optionalObject(o, "last_payment_error", p);
        String ep = p + ".last_payment_error";
        Optional<String> errorCharge = error.flatMap(e -> StripeFields.optionalId(e, "charge", ep, Id.EXTERNAL, "charge", "ch_", "py_"));
        return new StripePaymentIntent(StripeFields.id(o, "id", p, Id.EXTERNAL, "PaymentIntent", "pi_"), StripeFields.customer(o, p),
                Fields.currency(o, "currency", p), o.has("invoice"),
                StripeFields.optionalId(o, "invoice", p, Id.INVOICE, "invoice", "in_"),
                StripeFields.optionalId(o, "latest_charge", p, Id.EXTERNAL, "charge", "ch_", "py_").or(() -> errorCharge),
                error.flatMap(e -> StripeFields.code(e, "decline_code", ep)), error.flatMap(e -> StripeFields.code(e, "code", ep)));
    }
}
