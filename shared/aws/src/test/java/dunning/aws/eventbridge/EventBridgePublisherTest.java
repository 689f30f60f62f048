package dunning.aws.eventbridge;

import static dunning.aws.lambda.FakeClock.millis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dunning.aws.eventbridge.EventPublisher.PublishedEvent;
import dunning.aws.lambda.Backoff;
import dunning.aws.lambda.FakeClock;
import dunning.aws.lambda.GaveUpException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/** Per-entry failures of PutEvents, from a fake client: which entries are sent again, after which waits. */
class EventBridgePublisherTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T06:00:00Z"), ZoneOffset.UTC);

    /** Answers each PutEvents with the error codes a test script gives per entry (null = accepted). */
    static final class ScriptedBus implements EventBridgeClient {
        final List<List<String>> requests = new ArrayList<>();
        final Function<List<String>, List<String>> answer;

        ScriptedBus(Function<List<String>, List<String>> answer) {
            this.answer = answer;
        }

        /** Answers each entry on its own: {@code code} gives its error code from its detail (null = accepted). */
        static ScriptedBus eachEntry(Function<String, String> code) {
            return new ScriptedBus(details -> details.stream().map(code).toList());
        }

        @Override
        public PutEventsResponse putEvents(PutEventsRequest request) {
            List<String> details = request.entries().stream().map(PutEventsRequestEntry::detail).toList();
            requests.add(details);
            List<String> codes = answer.apply(details);
            List<PutEventsResultEntry> results = new ArrayList<>();
            int failed = 0;
            for (int i = 0; i < details.size(); i++) {
                String code = codes.get(i);
                if (code == null) {
                    results.add(PutEventsResultEntry.builder().eventId("e-" + details.get(i)).build());
                } else {
                    failed++;
                    results.add(PutEventsResultEntry.builder().errorCode(code).errorMessage("no").build());
                }
            }
            return PutEventsResponse.builder().failedEntryCount(failed).entries(results).build();
        }

        @Override
        public String serviceName() {
            return "events";
        }

        @Override
        public void close() {
        }
    }

    @RegisterExtension
    final FakeClock clock = new FakeClock();

    static List<PublishedEvent> events(int n) {
        return IntStream.range(0, n).mapToObj(i -> new PublishedEvent("Dunning Level Reached", "{\"n\":" + i + "}", List.of()))
                .toList();
    }

    EventBridgePublisher publisher(ScriptedBus bus) {
        return new EventBridgePublisher(bus, "bus", "dunning", CLOCK, clock.backoff());
    }

    @Test
    void only_the_throttled_entries_are_sent_again_after_growing_jittered_waits() {
        int[] call = {0};
        ScriptedBus bus = new ScriptedBus(details -> {
            call[0]++;
            List<String> codes = new ArrayList<>();
            for (String d : details) {
                boolean throttle = call[0] == 1 ? d.matches(".*:[147]}") : call[0] == 2 && d.equals("{\"n\":4}");
                codes.add(throttle ? "ThrottlingException" : null);
            }
            return codes;
        });
        clock.startInvocation(Duration.ofSeconds(30));

        publisher(bus).publish(events(10));

        assertEquals(3, bus.requests.size());
        assertEquals(10, bus.requests.get(0).size());
        assertEquals(List.of("{\"n\":1}", "{\"n\":4}", "{\"n\":7}"), bus.requests.get(1));
        assertEquals(List.of("{\"n\":4}"), bus.requests.get(2));
        assertEquals(millis(25, 50), clock.slept(), "full jitter at u=0.5 of 50 ms, then of 100 ms");
    }

    @Test
    void a_bus_that_keeps_throttling_is_given_up_on_after_the_most_attempts_naming_what_was_left() {
        ScriptedBus bus = ScriptedBus.eachEntry(d -> d.equals("{\"n\":2}") ? "ThrottlingException" : null);
        clock.startInvocation(Duration.ofMinutes(1));

        GaveUpException e = assertThrows(GaveUpException.class, () -> publisher(bus).publish(events(3)));

        assertEquals(Backoff.MAX_ATTEMPTS, bus.requests.size());
        assertEquals(millis(25, 50, 100, 200, 400, 800, 1000), clock.slept());
        assertEquals(List.of("'Dunning Level Reached' {\"n\":2}"), e.unsent());
        assertTrue(e.getMessage().contains("1 event(s) not accepted by bus bus after 8 attempts"), e.getMessage());
        assertTrue(e.getMessage().contains("ThrottlingException"), e.getMessage());
    }

    @Test
    void the_invocations_deadline_stops_the_retries_before_the_function_would_time_out() {
        ScriptedBus bus = ScriptedBus.eachEntry(d -> "InternalFailure");
        // 2.1 s left: waits of 25 and 50 ms leave 2075 and 2025 ms, above the 2 s margin; 100 ms would leave 1925
        clock.startInvocation(Duration.ofMillis(2100));

        GaveUpException e = assertThrows(GaveUpException.class, () -> publisher(bus).publish(events(12)));

        assertEquals(3, bus.requests.size(), "three attempts of the first batch, none of the second");
        assertEquals(millis(25, 50), clock.slept());
        assertEquals(10, e.unsent().size());
        assertTrue(e.getMessage().contains("would leave"), e.getMessage());
        assertTrue(e.getMessage().contains("2 later event(s) of this publish not sent"), e.getMessage());
    }

    @Test
    void a_permanent_entry_error_fails_at_once_without_waiting() {
        ScriptedBus bus = ScriptedBus.eachEntry(d -> d.equals("{\"n\":0}") ? "MalformedDetail" : null);
        clock.startInvocation(Duration.ofSeconds(30));

        GaveUpException e = assertThrows(GaveUpException.class, () -> publisher(bus).publish(events(2)));

        assertEquals(1, bus.requests.size());
        assertEquals(List.of(), clock.slept());
        assertTrue(e.getMessage().contains("MalformedDetail"), e.getMessage());
    }

    @Test
    void more_than_ten_events_go_in_batches_of_ten() {
        ScriptedBus bus = ScriptedBus.eachEntry(d -> null);
        publisher(bus).publish(events(23));
        assertEquals(List.of(10, 10, 3), bus.requests.stream().map(List::size).toList());
        assertEquals(List.of(), clock.slept());
    }
}
