package dunning.local.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A stream handler that records what it got; bodies starting with "fail" are reported as failed items, "bogus" reports an unknown id. */
public final class RecordingStreamHandler implements RequestStreamHandler {
    static final List<String> SEEN = new CopyOnWriteArrayList<>();
    static final List<Integer> BATCH_SIZES = new CopyOnWriteArrayList<>();
    static volatile Map<String, String> env;
    static volatile Clock clock;
    private static final ObjectMapper JSON = new ObjectMapper();

    public RecordingStreamHandler(Map<String, String> env, Clock clock) {
        RecordingStreamHandler.env = env;
        RecordingStreamHandler.clock = clock;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = JSON.readTree(input);
        StringBuilder failures = new StringBuilder();
        if (!event.has("Records")) {
            SEEN.add("schedule " + event.path("greeting").asText() + " at " + clock.instant());
            output.write("{\"ok\":true}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        BATCH_SIZES.add(event.path("Records").size());
        for (JsonNode r : event.path("Records")) {
            String body = r.path("body").asText();
            SEEN.add(body + " #" + r.path("attributes").path("ApproximateReceiveCount").asText());
            if (body.startsWith("fail")) {
                failures.append(failures.length() == 0 ? "" : ",").append("{\"itemIdentifier\":\"").append(r.path("messageId").asText()).append("\"}");
            } else if (body.startsWith("bogus")) {
                failures.append(failures.length() == 0 ? "" : ",").append("{\"itemIdentifier\":\"no-such-id\"}");
            }
        }
        output.write(("{\"batchItemFailures\":[" + failures + "]}").getBytes(StandardCharsets.UTF_8));
    }
}
