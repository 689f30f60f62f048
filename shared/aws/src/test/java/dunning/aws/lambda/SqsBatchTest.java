package dunning.aws.lambda;

import static dunning.aws.lambda.FakeClock.context;
import static dunning.aws.lambda.SqsEvents.batch;
import static dunning.aws.lambda.SqsEvents.failed;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dunning.aws.json.BadMessageException;
import dunning.aws.json.Json;
import dunning.aws.json.NotActionableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqsBatchTest {
    record Dead(String function, String body, String reason) {}

    final List<Dead> dlq = new ArrayList<>();
    final List<String> handled = new ArrayList<>();



    void handle(SQSEvent.SQSMessage m) {
        switch (m.getBody()) {
            case "bad" -> throw new BadMessageException("$.amount: required decimal amount");
            case "flaky" -> throw new IllegalStateException("throttled");
            case "deep" -> throw new StackOverflowError();
            case "stranger" -> throw new NotActionableException(NotActionableException.Kind.NOT_DUNNED, "no account has stripe id cus_9");
            default -> handled.add(m.getBody());
        }
    }

    @Test
    void a_bad_message_goes_to_the_dlq_with_its_reason_a_passing_failure_is_retried_and_the_others_proceed() {
        SqsBatch batch = new SqsBatch("F", (function, message, reason) -> dlq.add(new Dead(function, message.getBody(), reason)));
        SQSBatchResponse r = batch.process(batch("ok1", "bad", "flaky", "deep", "ok2"), null, this::handle);

        assertEquals(List.of("m2"), failed(r), "only the passing failure is retried");
        assertEquals(List.of("ok1", "ok2"), handled);
        assertEquals(List.of(new Dead("F", "bad", "$.amount: required decimal amount"),
                new Dead("F", "deep", "the message is nested too deeply to read")), dlq);
    }

    @Test
    void a_message_for_a_customer_that_is_not_dunned_is_acknowledged_and_counted_never_dead_lettered() {
        java.io.ByteArrayOutputStream lines = new java.io.ByteArrayOutputStream();
        Log.redirect(new java.io.PrintStream(lines, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            SqsBatch batch = new SqsBatch("F", (function, message, reason) -> dlq.add(new Dead(function, message.getBody(), reason)));
            SQSBatchResponse r = batch.process(batch("stranger", "ok"), null, this::handle);
            assertEquals(List.of(), failed(r), "acknowledged: not retried");
            assertEquals(List.of(), dlq);
            assertEquals(List.of("ok"), handled);
        } finally {
            Log.redirect(System.out);
        }
        var line = Json.parse(lines.toString(java.nio.charset.StandardCharsets.UTF_8).strip());
        assertEquals("not dunned", line.get("message").asText());
        assertEquals("NOT_DUNNED", line.get("kind").asText());
        assertEquals("m0", line.get("messageId").asText());
        assertEquals("no account has stripe id cus_9", line.get("reason").asText());
    }

    @Test
    void when_the_dlq_cannot_be_reached_the_bad_message_is_left_to_the_queues_redrive() {
        SqsBatch batch = new SqsBatch("F", (function, message, reason) -> {
            throw new IllegalStateException("SQS unavailable");
        });
        assertEquals(List.of("m0"), failed(batch.process(batch("bad", "ok"), null, this::handle)));
        assertEquals(List.of("ok"), handled);
    }

    @Test
    void when_time_runs_low_the_records_not_started_are_handed_back_untouched() {
        SqsBatch batch = new SqsBatch("F", (function, message, reason) -> dlq.add(new Dead(function, message.getBody(), reason)));
        SQSBatchResponse r = batch.process(batch("ok1", "ok2", "ok3"), context(Duration.ofMillis(2_000)), this::handle);
        assertEquals(List.of("m0", "m1", "m2"), failed(r));
        assertEquals(List.of(), handled);

        SQSBatchResponse plenty = batch.process(batch("ok1", "ok2"), context(Duration.ofMillis(60_000)), this::handle);
        assertEquals(List.of(), failed(plenty));
        assertEquals(List.of("ok1", "ok2"), handled);
    }
}
