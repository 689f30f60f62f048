package dunning.aws.json;

/**
 * A message that can never succeed however often it is retried: malformed JSON, a schema
 * violation, an unknown account. It fails alone and reaches its queue's DLQ after maxReceiveCount.
 */
public class BadMessageException extends RuntimeException {
    public BadMessageException(String reason) {
        super(reason);
    }
}
