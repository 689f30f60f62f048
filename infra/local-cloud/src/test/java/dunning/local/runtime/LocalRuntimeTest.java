package dunning.local.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dunning.local.LocalCloud;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
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
        RecordingStreamHandler.BATCHES.clear();
        RecordingStreamHandler.REMAINING.clear();
        RecordingSqsHandler.SEEN.clear();
        cloud.runtime().clearRemainingTime("StreamWorker");
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

    @Test
    void a_crashed_environment_returns_its_whole_batch_and_the_next_invocation_starts_cold() {
        int environments = cloud.runtime().environmentsStarted("StreamWorker");
        send("WorkQueue", "ok-a", "crash-once", "ok-b");

        cloud.runtime().drain();

        List<String> crashed = RecordingStreamHandler.BATCHES.stream().filter(b -> b.contains("crash-once")).findFirst().orElseThrow();
        for (String body : crashed) {
            // neither deleted nor reported: every batch-mate comes back, one receive later
            assertTrue(RecordingStreamHandler.SEEN.contains(body + " #2"), body + " again: " + RecordingStreamHandler.SEEN);
        }
        assertEquals(List.of("crash-once #1", "crash-once #2"),
                RecordingStreamHandler.SEEN.stream().filter(x -> x.startsWith("crash")).toList());
        assertEquals(environments + 1, cloud.runtime().environmentsStarted("StreamWorker"), "a new handler after the crash");
        assertTrue(cloud.runtime().invocations().stream().anyMatch(i -> i.error().orElse("").startsWith("environment crashed")));
        assertEquals(0, depth("WorkQueue"));
        assertEquals(0, depth("WorkQueueDLQ"));
    }

    @Test
    void any_error_escaping_the_handler_is_a_crash_too() {
        int environments = cloud.runtime().environmentsStarted("StreamWorker");
        send("WorkQueue", "error-once");

        cloud.runtime().drain();

        assertEquals(List.of("error-once #1", "error-once #2"), RecordingStreamHandler.SEEN);
        assertEquals(environments + 1, cloud.runtime().environmentsStarted("StreamWorker"));
    }

    @Test
    void held_messages_stay_in_flight_while_newer_ones_pass_and_arrive_later_in_the_order_chosen() {
        cloud.runtime().hold("WorkQueue", body -> body.startsWith("old-"));
        send("WorkQueue", "old-1", "old-2", "new-1");

        cloud.runtime().drain();

        assertEquals(List.of("new-1 #1"), RecordingStreamHandler.SEEN);
        List<String> held = cloud.runtime().held("WorkQueue");
        assertEquals(List.of("old-1", "old-2"), held.stream().sorted().toList());
        assertEquals(2, depth("WorkQueue"), "still in the queue, in flight");

        cloud.runtime().releaseReversed("WorkQueue");

        List<String> reversed = new java.util.ArrayList<>(held);
        Collections.reverse(reversed);
        // received once when parked, so delivered with that receive: no second receive was counted
        assertEquals(reversed.stream().map(b -> b + " #1").toList(), RecordingStreamHandler.SEEN.subList(1, 3));
        assertEquals(0, depth("WorkQueue"));
        assertEquals(List.of(), cloud.runtime().held("WorkQueue"));

        // released: the queue flows again
        send("WorkQueue", "old-3");
        cloud.runtime().drain();
        assertEquals("old-3 #1", RecordingStreamHandler.SEEN.get(3));
    }

    @Test
    void released_messages_are_settled_as_any_batch_and_can_be_ordered_by_body() {
        cloud.runtime().hold("WorkQueue", body -> body.contains("h"));
        send("WorkQueue", "fail-h1", "h2", "h3");
        cloud.runtime().drain();
        assertEquals(List.of(), RecordingStreamHandler.SEEN);

        cloud.runtime().release("WorkQueue", Comparator.<String>reverseOrder());

        assertEquals(List.of("h3 #1", "h2 #1", "fail-h1 #1"), RecordingStreamHandler.SEEN.subList(0, 3));
        // the failed one went back to the queue and took its retries as any other
        assertEquals(List.of("fail-h1 #1", "fail-h1 #2", "fail-h1 #3"),
                RecordingStreamHandler.SEEN.stream().filter(x -> x.startsWith("fail-h1")).toList());
        assertEquals(1, depth("WorkQueueDLQ"));
        assertThrows(IllegalArgumentException.class, () -> cloud.runtime().hold("WorkQueueDLQ", b -> true), "no function polls a DLQ");
    }

    @Test
    void the_remaining_time_counts_down_from_the_template_timeout_or_from_what_the_test_chose() {
        send("WorkQueue", "time");
        cloud.runtime().drain();
        int first = RecordingStreamHandler.REMAINING.get(0);
        int second = RecordingStreamHandler.REMAINING.get(1);
        assertTrue(first <= 10_000 && first > 5_000, "Timeout: 10 s, counted from the invocation's start: " + first);
        assertTrue(second <= first - 20, "wall time passes: " + first + " then " + second);

        RecordingStreamHandler.REMAINING.clear();
        cloud.runtime().remainingTimeFor("StreamWorker", Duration.ofMillis(700));
        send("WorkQueue", "time");
        cloud.runtime().drain();
        assertTrue(RecordingStreamHandler.REMAINING.get(0) <= 700, "" + RecordingStreamHandler.REMAINING);
        assertTrue(RecordingStreamHandler.REMAINING.get(1) <= RecordingStreamHandler.REMAINING.get(0) - 20);

        assertThrows(IllegalArgumentException.class, () -> cloud.runtime().remainingTimeFor("StreamWorker", Duration.ofSeconds(11)),
                "more than the Timeout is more than Lambda gives");
    }
}
