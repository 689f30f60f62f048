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

/**
 * A stream handler that records what it got; bodies starting with "fail" are reported as failed items, "bogus" reports an
 * unknown id, "crash-once" and "error-once" kill the environment (a SimulatedCrash, a plain Error) on their first delivery,
 * "time" records the remaining time before and after a 20 ms pause.
 */
public final class RecordingStreamHandler implements RequestStreamHandler {
    static final List<String> SEEN = new CopyOnWriteArrayList<>();
    static final List<Integer> BATCH_SIZES = new CopyOnWriteArrayList<>();
    static final List<List<String>> BATCHES = new CopyOnWriteArrayList<>();
    static final List<Integer> REMAINING = new CopyOnWriteArrayList<>();
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
        List<String> batch = new java.util.ArrayList<>();
        event.path("Records").forEach(r -> batch.add(r.path("body").asText()));
        BATCHES.add(List.copyOf(batch));
        for (JsonNode r : event.path("Records")) {
            String body = r.path("body").asText();
            String receives = r.path("attributes").path("ApproximateReceiveCount").asText();
            SEEN.add(body + " #" + receives);
            if (receives.equals("1") && body.equals("crash-once")) {
                throw new dunning.local.faults.SimulatedCrash("the environment died on " + body);
            }
            if (receives.equals("1") && body.equals("error-once")) {
                throw new Error("an error no handler catches, on " + body);
            }
            if (body.equals("time")) {
                REMAINING.add(context.getRemainingTimeInMillis());
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                REMAINING.add(context.getRemainingTimeInMillis());
            }
            if (body.startsWith("fail")) {
                failures.append(failures.length() == 0 ? "" : ",").append("{\"itemIdentifier\":\"").append(r.path("messageId").asText()).append("\"}");
            } else if (body.startsWith("bogus")) {
                failures.append(failures.length() == 0 ? "" : ",").append("{\"itemIdentifier\":\"no-such-id\"}");
            }
        }
        output.write(("{\"batchItemFailures\":[" + failures + "]}").getBytes(StandardCharsets.UTF_8));
    }
}
