package dunning.aws.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lambda's JSON form of an SQS event, read by hand: a stream handler (the bill run, which has a
 * second trigger) gets the raw JSON, and bean reflection would cost its cold start more than this.
 */
public final class SqsEventJson {
    private SqsEventJson() {}

    /** True for an SQS event source's payload: a {@code Records} array. */
    public static boolean isSqsEvent(JsonNode root) {
        return root != null && root.has("Records");
    }

    public static SQSEvent read(JsonNode root) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (JsonNode r : root.path("Records")) {
            SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
            m.setMessageId(r.path("messageId").asText());
            m.setReceiptHandle(r.path("receiptHandle").asText());
            m.setBody(r.path("body").asText());
            m.setEventSource(r.path("eventSource").asText("aws:sqs"));
            m.setEventSourceArn(r.path("eventSourceARN").asText());
            m.setAwsRegion(r.path("awsRegion").asText());
            Map<String, String> attributes = new HashMap<>();
            r.path("attributes").fields().forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().asText()));
            m.setAttributes(attributes);
            records.add(m);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }
}
