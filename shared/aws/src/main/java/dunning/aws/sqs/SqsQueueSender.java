package dunning.aws.sqs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * SendMessageBatch by 10; entries SQS reports as failed (and not the sender's fault) are sent
 * again, only those, up to {@link #ATTEMPTS} times; then the call fails so the caller's message
 * is retried as a whole (receivers are idempotent).
 */
public final class SqsQueueSender implements QueueSender {
    public static final int BATCH = 10;
    public static final int ATTEMPTS = 4;

    private final SqsClient sqs;

    public SqsQueueSender(SqsClient sqs) {
        this.sqs = sqs;
    }

    @Override
    public void send(String queueUrl, List<OutgoingMessage> messages) {
        for (int from = 0; from < messages.size(); from += BATCH) {
            sendBatch(queueUrl, messages.subList(from, Math.min(messages.size(), from + BATCH)));
        }
    }

    private void sendBatch(String queueUrl, List<OutgoingMessage> batch) {
        Map<String, OutgoingMessage> pending = new HashMap<>();
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        int n = 0;
        for (OutgoingMessage m : batch) {
            String entryId = "m" + n++; // entry ids must be [A-Za-z0-9_-]{1,80}; ours are positional
            pending.put(entryId, m);
            entries.add(SendMessageBatchRequestEntry.builder().id(entryId).messageBody(m.body()).build());
        }
        String lastError = null;
        for (int attempt = 1; attempt <= ATTEMPTS && !entries.isEmpty(); attempt++) {
            SendMessageBatchResponse response = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
            List<SendMessageBatchRequestEntry> retry = new ArrayList<>();
            for (BatchResultErrorEntry failed : response.failed()) {
                if (Boolean.TRUE.equals(failed.senderFault())) {
                    throw new IllegalStateException("SQS rejected message " + pending.get(failed.id()).id()
                            + " for " + queueUrl + ": " + failed.code() + " " + failed.message());
                }
                lastError = failed.code() + " " + failed.message();
                for (SendMessageBatchRequestEntry e : entries) {
                    if (e.id().equals(failed.id())) {
                        retry.add(e);
                    }
                }
            }
            entries.clear();
            entries.addAll(retry);
        }
        if (!entries.isEmpty()) {
            throw new IllegalStateException(entries.size() + " message(s) not accepted by " + queueUrl
                    + " after " + ATTEMPTS + " attempts: " + lastError);
        }
    }
}
