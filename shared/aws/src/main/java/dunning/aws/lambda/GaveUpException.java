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

    /** What was not accepted, one description per item (event, message, mail). */
    public List<String> unsent() {
        return unsent;
    }
}
