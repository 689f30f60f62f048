package dunning.local.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A typed SQS handler on a source without ReportBatchItemFailures: a "throw" body fails the whole batch. */
public final class RecordingSqsHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    static final List<String> SEEN = new CopyOnWriteArrayList<>();

    public RecordingSqsHandler(Map<String, String> env, Clock clock) {
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        event.getRecords().forEach(r -> SEEN.add(r.getBody()));
        if (event.getRecords().stream().anyMatch(r -> r.getBody().equals("throw"))) {
            throw new IllegalStateException("boom");
        }
        // ignored by the runtime: this source does not report item failures
        return SQSBatchResponse.builder().withBatchItemFailures(List.of(
                new SQSBatchResponse.BatchItemFailure(event.getRecords().get(0).getMessageId()))).build();
    }
}
