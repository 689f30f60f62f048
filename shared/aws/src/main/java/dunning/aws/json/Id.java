package dunning.aws.json;

/**
 * The ids a consumed message carries into DynamoDB keys, and the most each may be: the one place
 * these limits live ({@link Fields#id} checks them; docs/data-model.md, "Key limits", shows the sums).
 *
 * <p>Limits are in UTF-8 bytes, as DynamoDB counts keys (partition key at most 2048 bytes, sort key at
 * most 1024), so an ASCII id may have as many characters and one in another script fewer. They are
 * chosen so that every key built from ids at their limits stays under DynamoDB's, with room for the
 * prefixes, separators, dates and instants around them ({@code KeyLimitsTest} adds them up). The longest
 * sort keys are {@code <instant>#<account>#<idempotency key>} on the WakeUps index (672 bytes) and
 * {@code LEDGER#<day>#<account>#<level key>#write-off#<invoice>} in the account's history (563); the
 * longest partition keys {@code ACTION#<idempotency key>} (519) and {@code PAYMENT#stripe:<event>#SUCCEEDED} (281).
 */
public enum Id {
    /** {@code ACCOUNT#<id>}, {@code HISTORY#<id>}, {@code COMMS#<id>}; inside every effect key and ledger key. */
    ACCOUNT("an account id", 128),
    /** {@code INVOICE#<id>}; in reminder keys, ledger keys and the due-date index. */
    INVOICE("an invoice id", 128),
    /** A payment id or an instruction's event id: {@code PAYMENT#<id>#…}, {@code PAYMENTIN#<instant>#<id>}, effect and ledger keys. */
    EVENT("an event id", 256),
    /** An id in another system, e.g. a Stripe customer (Stripe's ids are at most 255 characters): {@code EXTERNAL#stripe#<id>}. */
    EXTERNAL("an external id", 255),
    /** A plan level's name, as an approval or an action message names it; inside effect keys. */
    LEVEL("a level name", 128),
    /** {@code BILLGROUP#<group>}, {@code BILLRUN#<group>#<date>}. */
    BILL_GROUP("a bill group", 128),
    /** {@code ARTERM#<id>}: the AR term an account's profile names. */
    AR_TERM("an AR term", 128),
    /**
     * An action record's key, as a worker message names it: {@code ACTION#<key>}, {@code OUTBOX#<key>}. The
     * longest key the evaluation builds is {@code <account>#retry#stripe:<event>#<attempt>}, 409 bytes.
     */
    IDEMPOTENCY_KEY("an idempotency key", 512);

    private final String what;
    private final int maxBytes;

    Id(String what, int maxBytes) {
        this.what = what;
        this.maxBytes = maxBytes;
    }

    /** "an account id", for messages. */
    public String what() {
        return what;
    }

    /** The most UTF-8 bytes the id may have. */
    public int maxBytes() {
        return maxBytes;
    }
}
