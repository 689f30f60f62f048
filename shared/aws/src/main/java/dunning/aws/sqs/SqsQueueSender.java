package dunning.aws.sqs;

import dunning.aws.lambda.Backoff;
import dunning.aws.lambda.Deadline;
import dunning.aws.lambda.GaveUpException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * SendMessageBatch by 10. SQS reports failures per entry in a successful response, so the SDK's
 * retries never see them: entries SQS reports as failed and not the sender's fault are sent again,
 * only those, after a {@link Backoff} wait, until accepted, out of attempts, or the invocation's
 * {@link Deadline} is near; then the call fails naming the messages left, so the caller's message
 * is retried as a whole (receivers are idempotent). A sender-fault entry fails the call at once.
 */
public final class SqsQueueSender implements QueueSender {
    public static final int BATCH = 10;

    private final SqsClient sqs;
    private final Backoff backoff;

    public SqsQueueSender(SqsClient sqs) {
        this(sqs, Backoff.standard());
    }

    /** Tests: another backoff (a recording sleeper, a fixed random source). */
    public SqsQueueSender(SqsClient sqs, Backoff backoff) {
        this.sqs = sqs;
        this.backoff = backoff;
    }

    @Override
    public void send(String queueUrl, List<OutgoingMessage> messages) {
        Deadline deadline = Deadline.current();
        for (int from = 0; from < messages.size(); from += BATCH) {
            sendBatch(queueUrl, messages.subList(from, Math.min(messages.size(), from + BATCH)), backoff.attempts(deadline),
                    messages.size() - from);
        }
    }

    /** One batch, with attempts of its own; {@code remaining} counts this batch and the ones after it. */
    private void sendBatch(String queueUrl, List<OutgoingMessage> batch, Backoff.Attempts attempts, int remaining) {
        Map<String, OutgoingMessage> pending = new LinkedHashMap<>();
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        int n = 0;
        for (OutgoingMessage m : batch) {
            String entryId = "m" + n++; // entry ids must be [A-Za-z0-9_-]{1,80}; ours are positional
            pending.put(entryId, m);
            entries.add(SendMessageBatchRequestEntry.builder().id(entryId).messageBody(m.body()).build());
        }
        while (true) {
            List<SendMessageBatchRequestEntry> sent = List.copyOf(entries);
            SendMessageBatchResponse response = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(sent));
            if (response.failed().isEmpty()) {
                return;
            }
            List<SendMessageBatchRequestEntry> retry = new ArrayList<>();
            String lastError = null;
            for (BatchResultErrorEntry failed : response.failed()) {
                if (Boolean.TRUE.equals(failed.senderFault())) {
                    throw new GaveUpException("SQS rejected message " + pending.get(failed.id()).id()
                            + " for " + queueUrl + ": " + failed.code() + " " + failed.message() + " (sender fault, not retried)",
                            List.of(describe(pending.get(failed.id()))));
                }
                lastError = failed.code() + " " + failed.message();
                for (SendMessageBatchRequestEntry e : sent) {
                    if (e.id().equals(failed.id())) {
                        retry.add(e);
                    }
                }
            }
            entries.clear();
            entries.addAll(retry);
            if (entries.isEmpty()) {
                return; // failures naming no entry we sent: nothing to send again
            }
            if (!attempts.retry()) {
                List<String> unsent = entries.stream().map(e -> describe(pending.get(e.id()))).toList();
                int notTried = remaining - batch.size();
                throw GaveUpException.batchRefused("message", queueUrl, attempts, unsent, notTried, "send", lastError);
            }
        }
    }

    /** The message's id and the start of its body: enough to find it in the logs. */
    static String describe(OutgoingMessage m) {
        return m.id() + " " + GaveUpException.start(m.body());
    }
}
