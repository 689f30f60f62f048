package dunning.aws.sqs;

import java.util.List;

/** Port: sends message bodies to a queue. Implementations batch and retry failed entries. */
public interface QueueSender {
    /** A message to send; {@code id} is unique within one call (it names the entry in a batch). */
    record OutgoingMessage(String id, String body) {}

    void send(String queueUrl, List<OutgoingMessage> messages);
}
