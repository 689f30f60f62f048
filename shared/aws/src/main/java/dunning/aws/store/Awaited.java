package dunning.aws.store;

/**
 * What an event that arrived too early waits for before it can be booked: an account, an invoice
 * of an account, a customer of another system (a Stripe customer), or the invoice behind a payment
 * of another system (a Stripe charge or PaymentIntent). Parked events are filed by it, so the
 * arrival of what they wait for finds them.
 */
public sealed interface Awaited {
    /** For messages and logs: "account A1", "invoice INV-1 of account A1". */
    String describe();

    record Account(String accountId) implements Awaited {
        public String describe() {
            return "account " + accountId;
        }
    }

    record Invoice(String accountId, String invoiceId) implements Awaited {
        public String describe() {
            return "invoice " + invoiceId + " of account " + accountId;
        }
    }

    /** A customer of another billing system, e.g. ("stripe", "cus_…"), that no account is mapped to yet. */
    record Customer(String system, String externalId) implements Awaited {
        public String describe() {
            return system + " customer " + externalId;
        }
    }

    /** A payment of another system (a Stripe charge ch_… or PaymentIntent pi_…) whose invoice is not known yet. */
    record Payment(String system, String paymentId) implements Awaited {
        public String describe() {
            return "the invoice of " + system + " payment " + paymentId;
        }
    }
}
