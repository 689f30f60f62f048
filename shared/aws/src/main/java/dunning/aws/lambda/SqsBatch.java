package dunning.aws.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dunning.aws.json.BadMessageException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Partial batch failure for SQS event sources: every record is handled on its own; a record that
 * throws is logged as one JSON line with its reason and listed in the response, the others are
 * acknowledged. Requires FunctionResponseTypes: [ReportBatchItemFailures] on the event source.
 */
public final class SqsBatch {
    /** What a function does with one record's body. */
    @FunctionalInterface
    public interface RecordHandler {
        void handle(SQSEvent.SQSMessage message);
    }

    private SqsBatch() {}

    public static SQSBatchResponse process(String function, SQSEvent event, Context context, RecordHandler handler) {
        Deadline.start(context);
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        for (SQSEvent.SQSMessage record : records) {
            try {
                handler.handle(record);
            } catch (RuntimeException e) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("messageId", record.getMessageId());
                fields.put("eventSource", record.getEventSourceArn());
                fields.put("receiveCount", record.getAttributes() == null ? null
                        : record.getAttributes().get("ApproximateReceiveCount"));
                boolean permanent = e instanceof BadMessageException;
                fields.put("kind", permanent ? "BAD_MESSAGE" : "RETRYABLE");
                fields.put("reason", e.getMessage() == null ? e.getClass().getName() : e.getMessage());
                if (!permanent) {
                    fields.put("exception", e.getClass().getName());
                }
                Log.error(function, permanent ? "message rejected" : "message failed", fields);
                failures.add(SQSBatchResponse.BatchItemFailure.builder()
                        .withItemIdentifier(record.getMessageId()).build());
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }
}
