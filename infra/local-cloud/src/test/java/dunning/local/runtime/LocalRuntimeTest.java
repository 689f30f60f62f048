package dunning.local.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dunning.local.LocalCloud;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The event source mapping and the scheduler as the local runtime plays them, on a template of test handlers. */
class LocalRuntimeTest {
    static final Path TEMPLATE = Path.of("src/test/resources/runtime-template.yaml");
    static LocalCloud cloud;

    @BeforeAll
    static void start() {
        cloud = LocalCloud.start(LocalCloud.Options.defaults().withTemplate(TEMPLATE));
    }

    @AfterAll
    static void stop() {
        cloud.close();
    }

    @BeforeEach
    void clean() {
        for (String q : cloud.stack().queues()) {
            cloud.clients().sqs().purgeQueue(b -> b.queueUrl(cloud.stack().queueUrl(q)));
        }
        RecordingStreamHandler.SEEN.clear();
        RecordingStreamHandler.BATCH_SIZES.clear();
        RecordingSqsHandler.SEEN.clear();
    }

    void send(String queue, String... bodies) {
        for (String body : bodies) {
            cloud.clients().sqs().sendMessage(b -> b.queueUrl(cloud.stack().queueUrl(queue)).messageBody(body));
        }
    }

    int depth(String queue) {
        return cloud.clients().sqs().getQueueAttributes(b -> b.queueUrl(cloud.stack().queueUrl(queue))
                .attributeNamesWithStrings("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"))
                .attributesAsStrings().values().stream().mapToInt(Integer::parseInt).sum();
    }

    @Test
    void a_failed_item_alone_is_retried_and_goes_to_the_dlq_after_max_receive_count() {
        send("WorkQueue", "ok-1", "ok-2", "ok-3", "fail-1", "ok-4", "ok-5", "ok-6", "ok-7");

        cloud.runtime().drain();

        for (int i = 1; i <= 7; i++) {
            assertEquals(1, Collections.frequency(RecordingStreamHandler.SEEN, "ok-" + i + " #1"), "ok-" + i + " once");
        }
        assertEquals(List.of("fail-1 #1", "fail-1 #2", "fail-1 #3"),
                RecordingStreamHandler.SEEN.stream().filter(s -> s.startsWith("fail")).toList());
        assertTrue(RecordingStreamHandler.BATCH_SIZES.stream().allMatch(n -> n <= 4), "BatchSize 4: " + RecordingStreamHandler.BATCH_SIZES);
        assertEquals(0, depth("WorkQueue"));
        assertEquals(1, depth("WorkQueueDLQ"));
    }

    @Test
    void a_response_naming_an_unknown_id_fails_the_whole_batch_as_lambda_does() {
        send("WorkQueue", "bogus");

        cloud.runtime().drain();

        assertEquals(List.of("bogus #1", "bogus #2", "bogus #3"), RecordingStreamHandler.SEEN);
        assertEquals(1, depth("WorkQueueDLQ"));
        assertTrue(cloud.runtime().invocations().stream().anyMatch(i -> i.error().orElse("").contains("not in the batch")));
    }

    @Test
    void without_report_batch_item_failures_a_throw_retries_the_batch_and_a_response_is_ignored() {
        send("PlainQueue", "throw");
        cloud.runtime().drain();
        assertEquals(List.of("throw", "throw"), RecordingSqsHandler.SEEN, "maxReceiveCount 2");
        assertEquals(1, depth("PlainQueueDLQ"));

        RecordingSqsHandler.SEEN.clear();
        send("PlainQueue", "fine");
        cloud.runtime().drain();
        assertEquals(List.of("fine"), RecordingSqsHandler.SEEN, "its reported failure is ignored: the batch succeeded");
        assertEquals(0, depth("PlainQueue"));
    }

    @Test
    void the_function_gets_the_template_environment_resolved_on_this_stack() {
        send("WorkQueue", "ok-env");
        cloud.runtime().drain();
        Map<String, String> env = RecordingStreamHandler.env;
        assertEquals("hello", env.get("GREETING"));
        assertEquals(cloud.stack().physicalName("WorkQueue"), env.get("WORK_QUEUE"));
        assertTrue(env.get("AWS_ENDPOINT_URL_SQS").startsWith("http://127.0.0.1:"));
    }

    @Test
    void schedules_fire_at_their_cron_times_in_their_zone_on_the_simulated_clock() {
        LocalCloud.Options options = LocalCloud.Options.defaults().withTemplate(TEMPLATE)
                .withParameters(Map.of("Greeting", "moin")).startingAt(Instant.parse("2026-03-23T00:00:00Z"));
        try (LocalCloud own = LocalCloud.start(options)) {
            long t0 = System.nanoTime();
            own.runtime().advanceTo(Instant.parse("2026-04-06T00:00:00Z"));
            // Mon 23 Mar .. Fri 3 Apr, 09:30 in Berlin: UTC+1 until the switch on Sunday 29 March, UTC+2 after
            assertEquals(List.of(
                    "schedule moin at 2026-03-23T08:30:00Z", "schedule moin at 2026-03-24T08:30:00Z",
                    "schedule moin at 2026-03-25T08:30:00Z", "schedule moin at 2026-03-26T08:30:00Z",
                    "schedule moin at 2026-03-27T08:30:00Z",
                    "schedule moin at 2026-03-30T07:30:00Z", "schedule moin at 2026-03-31T07:30:00Z",
                    "schedule moin at 2026-04-01T07:30:00Z", "schedule moin at 2026-04-02T07:30:00Z",
                    "schedule moin at 2026-04-03T07:30:00Z"), RecordingStreamHandler.SEEN);
            assertEquals(Instant.parse("2026-04-06T00:00:00Z"), own.clock().instant());
        }
    }
}
