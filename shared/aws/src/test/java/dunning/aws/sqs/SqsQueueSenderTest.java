package dunning.aws.sqs;

import static dunning.aws.lambda.FakeClock.millis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dunning.aws.lambda.Backoff;
import dunning.aws.lambda.FakeClock;
import dunning.aws.lambda.GaveUpException;
import dunning.aws.sqs.QueueSender.OutgoingMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;

/** Per-entry failures of SendMessageBatch, from a fake client. */
class SqsQueueSenderTest {
    /** Fails the entries a test script names for each call (call number, bodies) -> body -> sender fault?. */
    static final class ScriptedQueue implements SqsClient {
        final List<List<String>> requests = new ArrayList<>();
        final BiFunction<Integer, List<String>, Map<String, Boolean>> failures;

        ScriptedQueue(BiFunction<Integer, List<String>, Map<String, Boolean>> failures) {
            this.failures = failures;
        }

        @Override
        public SendMessageBatchResponse sendMessageBatch(SendMessageBatchRequest request) {
            List<String> bodies = request.entries().stream().map(SendMessageBatchRequestEntry::messageBody).toList();
            requests.add(bodies);
            Map<String, Boolean> fail = failures.apply(requests.size(), bodies);
            List<SendMessageBatchResultEntry> ok = new ArrayList<>();
            List<BatchResultErrorEntry> failed = new ArrayList<>();
            for (SendMessageBatchRequestEntry e : request.entries()) {
                Boolean senderFault = fail.get(e.messageBody());
                if (senderFault == null) {
                    ok.add(SendMessageBatchResultEntry.builder().id(e.id()).messageId("id-" + e.id()).build());
                } else {
                    failed.add(BatchResultErrorEntry.builder().id(e.id()).senderFault(senderFault)
                            .code(senderFault ? "InvalidParameterValue" : "InternalError").message("no").build());
                }
            }
            return SendMessageBatchResponse.builder().successful(ok).failed(failed).build();
        }

        @Override
        public String serviceName() {
            return "sqs";
        }

        @Override
        public void close() {
        }
    }

    @RegisterExtension
    final FakeClock clock = new FakeClock();

    static List<OutgoingMessage> messages(int n) {
        return IntStream.range(0, n).mapToObj(i -> new OutgoingMessage("a" + i, "body-" + i)).toList();
    }

    SqsQueueSender sender(ScriptedQueue queue) {
        return new SqsQueueSender(queue, clock.backoff());
    }

    @Test
    void only_the_failed_entries_are_sent_again_after_growing_jittered_waits() {
        ScriptedQueue queue = new ScriptedQueue((call, bodies) -> switch (call) {
            case 1 -> Map.of("body-2", false, "body-5", false);
            case 2 -> Map.of("body-5", false);
            default -> Map.of();
        });
        clock.startInvocation(Duration.ofSeconds(30));

        sender(queue).send("q", messages(10));

        assertEquals(List.of(10, 2, 1), queue.requests.stream().map(List::size).toList());
        assertEquals(List.of("body-2", "body-5"), queue.requests.get(1));
        assertEquals(List.of("body-5"), queue.requests.get(2));
        assertEquals(millis(25, 50), clock.slept());
    }

    @Test
    void a_queue_that_keeps_failing_is_given_up_on_naming_the_messages_left() {
        ScriptedQueue queue = new ScriptedQueue((call, bodies) -> Map.of("body-1", false));
        clock.startInvocation(Duration.ofMinutes(1));

        GaveUpException e = assertThrows(GaveUpException.class, () -> sender(queue).send("q", messages(3)));

        assertEquals(Backoff.MAX_ATTEMPTS, queue.requests.size());
        assertEquals(millis(25, 50, 100, 200, 400, 800, 1000), clock.slept());
        assertEquals(List.of("a1 body-1"), e.unsent());
        assertTrue(e.getMessage().contains("1 message(s) not accepted by q after 8 attempts"), e.getMessage());
    }

    @Test
    void the_deadline_stops_the_retries_and_says_what_was_not_sent() {
        ScriptedQueue queue = new ScriptedQueue((call, bodies) -> Map.of("body-0", false, "body-9", false));
        clock.startInvocation(Duration.ofMillis(2060));

        GaveUpException e = assertThrows(GaveUpException.class, () -> sender(queue).send("q", messages(15)));

        assertEquals(millis(25), clock.slept(), "25 ms fits above the 2 s margin, 50 ms no longer does");
        assertEquals(List.of("a0 body-0", "a9 body-9"), e.unsent());
        assertTrue(e.getMessage().contains("5 later message(s) of this send not sent"), e.getMessage());
    }

    @Test
    void a_sender_fault_fails_at_once() {
        ScriptedQueue queue = new ScriptedQueue((call, bodies) -> Map.of("body-0", true));
        GaveUpException e = assertThrows(GaveUpException.class, () -> sender(queue).send("q", messages(2)));
        assertEquals(1, queue.requests.size());
        assertEquals(List.of(), clock.slept());
        assertTrue(e.getMessage().contains("sender fault"), e.getMessage());
    }
}
