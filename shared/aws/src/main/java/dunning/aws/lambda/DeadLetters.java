package dunning.aws.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;

/**
 * Where a message that can never succeed goes at once, with its reason: its queue's DLQ. Retrying a
 * bad message until {@code maxReceiveCount} only delays it and loses the reason (SQS's redrive keeps
 * the body, not why); sending it to the DLQ ourselves keeps both.
 */
public interface DeadLetters {
    /** Puts {@code message} on the DLQ with {@code reason}; throws if it could not (the message is then retried). */
    void send(String function, SQSEvent.SQSMessage message, String reason);
}
