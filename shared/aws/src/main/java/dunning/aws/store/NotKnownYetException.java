package dunning.aws.store;

/**
 * An event names something the stack does not know yet (an account, an invoice, a customer, the
 * invoice behind a payment): not a bad message, an early one. It is parked until what it waits
 * for arrives, retried hourly, and reported when it has waited too long (docs/semantics.md).
 */
public final class NotKnownYetException extends RuntimeException {
    private final Awaited awaited;

    public NotKnownYetException(Awaited awaited, String message) {
        super(message);
        this.awaited = awaited;
    }

    public NotKnownYetException(Awaited awaited) {
        this(awaited, awaited.describe() + " is not known yet");
    }

    public Awaited awaited() {
        return awaited;
    }
}
