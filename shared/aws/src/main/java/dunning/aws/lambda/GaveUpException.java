package dunning.aws.lambda;

import java.util.List;

/**
 * A retried operation stopped with work left undone: attempts used up, or the next wait would
 * have run into the invocation's deadline. The message names what was left (and why); the
 * record's SQS message is then retried as a whole (the receivers are idempotent).
 */
public final class GaveUpException extends IllegalStateException {
    private final List<String> unsent;

    public GaveUpException(String message, List<String> unsent) {
        super(message);
        this.unsent = List.copyOf(unsent);
    }

    /**
     * Items of one batch still refused when the attempts stopped (EventBridge entries, SQS batch
     * entries): how many, by whom, why it stopped, each item, the later items of the same call that
     * were never tried, and the last error.
     *
     * @param kind what an item is ("event", "message")
     * @param call what the caller was doing ("publish", "send")
     */
    public static GaveUpException batchRefused(String kind, String by, Backoff.Attempts attempts, List<String> unsent, int notTried,
                                               String call, String lastError) {
        return new GaveUpException(unsent.size() + " " + kind + "(s) not accepted by " + by + " " + attempts.stopReason() + ": "
                + String.join(", ", unsent) + (notTried > 0 ? "; " + notTried + " later " + kind + "(s) of this " + call + " not sent" : "")
                + "; last error " + lastError, unsent);
    }

    /** The start of a long text (a body, a detail): its first 100 characters, enough to find it in the logs. */
    public static String start(String text) {
        String t = text == null ? "" : text;
        return t.length() > 100 ? t.substring(0, 100) + "…" : t;
    }

    /** What was not accepted, one description per item (event, message, mail). */
    public List<String> unsent() {
        return unsent;
    }
}
