package dunning.aws.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** SQS events as Lambda's event source hands them to a handler, for the functions' handler tests. */
public final class SqsEvents {
    private SqsEvents() {}

    /** One first delivery per body, message ids m0, m1, … */
    public static SQSEvent batch(String... bodies) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (int i = 0; i < bodies.length; i++) {
            SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
            m.setMessageId("m" + i);
            m.setBody(bodies[i]);
            m.setAttributes(Map.of("ApproximateReceiveCount", "1"));
            records.add(m);
        }
        SQSEvent e = new SQSEvent();
        e.setRecords(records);
        return e;
    }

    /** The message ids a partial batch response hands back. */
    public static List<String> failed(SQSBatchResponse r) {
        return r.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }
}
