package dunning.aws.json;

/**
 * A well-formed message that asks nothing of this stack, by design: an event for a customer that is
 * not dunned (a Stripe customer with no account), or a $0 Stripe invoice (DESIGN §5.1). Retrying it
 * cannot change that and a DLQ is for what someone must mend, so it is acknowledged and counted: one
 * structured log line with its {@link Kind}, which a metric filter counts.
 */
public class NotActionableException extends RuntimeException {
    /** Why nothing is done: the log line's {@code kind}. */
    public enum Kind {
        /** No account of this stack is the event's customer: acknowledged, logged "not dunned". */
        NOT_DUNNED("not dunned"),
        /** The event moves no money (a $0 invoice): acknowledged, logged "ignored". */
        NOTHING_TO_APPLY("ignored: nothing to apply");

        private final String logMessage;

        Kind(String logMessage) {
            this.logMessage = logMessage;
        }

        /** The log line's {@code message}. */
        public String logMessage() {
            return logMessage;
        }
    }

    private final Kind kind;

    public NotActionableException(Kind kind, String reason) {
        super(reason);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
