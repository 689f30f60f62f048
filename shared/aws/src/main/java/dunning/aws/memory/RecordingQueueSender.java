package dunning.aws.memory;

import dunning.aws.sqs.QueueSender;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** In-memory QueueSender: keeps the bodies sent to each queue URL, in order. */
public final class RecordingQueueSender implements QueueSender {
    private final Map<String, List<String>> sent = new LinkedHashMap<>();
    private int calls;

    @Override
    public synchronized void send(String queueUrl, List<OutgoingMessage> messages) {
        calls++;
        List<String> bodies = sent.computeIfAbsent(queueUrl, q -> new ArrayList<>());
        messages.forEach(m -> bodies.add(m.body()));
    }

    public synchronized List<String> bodies(String queueUrl) {
        return List.copyOf(sent.getOrDefault(queueUrl, List.of()));
    }

    public synchronized int calls() {
        return calls;
    }
}
