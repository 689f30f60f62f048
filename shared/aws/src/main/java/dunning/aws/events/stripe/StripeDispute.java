package dunning.aws.events.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import dunning.aws.json.Fields;
import dunning.aws.json.Id;
import java.util.Optional;

/** What Dunning reads of a Stripe Dispute: the charge and PaymentIntent it disputes (it names no customer, no invoice), amount, status. */
public record StripeDispute(String id, String charge, Optional<String> paymentIntent, String currency, long amount, String status,
                            Optional<String> reason) {

    static StripeDispute read(JsonNode o, String p) {
        StripeFields.kind(o, p, "dispute");
        return new StripeDispute(StripeFields.id(o, "id", p, Id.EVENT, "dispute", "dp_", "du_"),
                StripeFields.id(o, "charge", p, Id.EXTERNAL, "charge", "ch_", "py_"),
                StripeFields.optionalId(o, "payment_intent", p, Id.EXTERNAL, "PaymentIntent", "pi_"),
                Fields.currency(o, "currency", p), StripeFields.minorUnits(o, "amount", p),
                StripeFields.code(o, "status", p).orElse("needs_response"), StripeFields.code(o, "reason", p));
    }

    /** A dispute lost is a chargeback: the customer has the money back. */
    public boolean lost() {
        return status.equals("lost");
    }
}
