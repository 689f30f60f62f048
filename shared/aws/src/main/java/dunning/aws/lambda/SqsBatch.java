package dunning.aws.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dunning.aws.json.BadMessageException;
import dunning.aws.json.NotActionableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Partial batch failure for SQS event sources: every record is handled on its own, and fails alone.
 * <ul>
 * <li>A record that can never succeed (a {@link BadMessageException}, or input so deep it overflows
 *     the stack) goes to its queue's DLQ at once with its reason, and is acknowledged.</li>
 * <li>A record that asks nothing of this stack by design (a {@link NotActionableException}: a customer
 *     that is not dunned, a $0 invoice) is acknowledged and counted: one INFO line with its kind
 *     ({@code NOT_DUNNED}, {@code NOTHING_TO_APPLY}), never retried, never dead-lettered.</li>
 * <li>A record that failed for a passing reason is listed in the response: SQS delivers it again,
 *     and after {@code maxReceiveCount} its redrive moves it to the DLQ.</li>
 * <li>When the invocation's time runs low, the records not yet started are listed too, untouched,
 *     rather than risk Lambda stopping the function mid-record.</li>
 * </ul>
 * Each outcome is one JSON log line with its reason. Requires FunctionResponseTypes:
 * [ReportBatchItemFailures] on the event source.
 */
public final class SqsBatch {
    /** Left for one more record and the response: below this, the rest of the batch is handed back. */
    public static final Duration RESERVE = Duration.ofSeconds(3);

    /** What a function does with one record's body. */
    @FunctionalInterface
    public interface RecordHandler {
        void handle(SQSEvent.SQSMessage message);
    }

    private final String function;
    private final Optional<DeadLetters> deadLetters;

    public SqsBatch(String function, DeadLetters deadLetters) {
        this(function, Optional.of(deadLetters));
    }

    private SqsBatch(String function, Optional<DeadLetters> deadLetters) {
        this.function = function;
        this.deadLetters = deadLetters;
    }

    /** Without a DLQ of its own to send to: a bad record is retried until SQS's redrive moves it (handler tests). */
    public static SqsBatch withoutDeadLetters(String function) {
        return new SqsBatch(function, Optional.empty());
    }

    public SQSBatchResponse process(SQSEvent event, Context context, RecordHandler handler) {
        Deadline deadline = Deadline.start(context);
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        for (int i = 0; i < records.size(); i++) {
            SQSEvent.SQSMessage record = records.get(i);
            if (context != null && deadline.remaining().compareTo(RESERVE) < 0) {
                List<SQSEvent.SQSMessage> rest = records.subList(i, records.size());
                rest.forEach(r -> failures.add(failure(r)));
                Log.warn(function, "time runs low: records handed back untouched", Map.of("records", rest.size(),
                        "remainingMillis", deadline.remaining().toMillis()));
                break;
            }
            try {
                handler.handle(record);
            } catch (NotActionableException e) {
                Log.info(function, e.kind().logMessage(), fields(record, e.kind().name(), e.getMessage()));
            } catch (BadMessageException e) {
                permanent(record, e.getMessage(), failures);
            } catch (StackOverflowError e) {
                permanent(record, "the message is nested too deeply to read", failures);
            } catch (RuntimeException e) {
                Map<String, Object> fields = fields(record, "RETRYABLE", e.getMessage() == null ? e.getClass().getName() : e.getMessage());
                fields.put("exception", e.getClass().getName());
                Log.error(function, "message failed", fields);
                failures.add(failure(record));
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    private void permanent(SQSEvent.SQSMessage record, String reason, List<SQSBatchResponse.BatchItemFailure> failures) {
        Map<String, Object> fields = fields(record, "BAD_MESSAGE", reason);
        if (deadLetters.isEmpty()) {
            Log.error(function, "message rejected", fields);
            failures.add(failure(record));
            return;
        }
        try {
            deadLetters.get().send(function, record, reason);
            Log.error(function, "message rejected: sent to the DLQ with its reason", fields);
        } catch (RuntimeException e) {
            fields.put("deadLetterError", String.valueOf(e.getMessage()));
            Log.error(function, "message rejected; the DLQ send failed, so SQS's redrive will move it", fields);
            failures.add(failure(record));
        }
    }

    private static Map<String, Object> fields(SQSEvent.SQSMessage record, String kind, String reason) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("messageId", record.getMessageId());
        fields.put("eventSource", record.getEventSourceArn());
        fields.put("receiveCount", record.getAttributes() == null ? null : record.getAttributes().get("ApproximateReceiveCount"));
        fields.put("kind", kind);
        fields.put("reason", reason);
        return fields;
    }

    private static SQSBatchResponse.BatchItemFailure failure(SQSEvent.SQSMessage record) {
        return SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(record.getMessageId()).build();
    }
}
