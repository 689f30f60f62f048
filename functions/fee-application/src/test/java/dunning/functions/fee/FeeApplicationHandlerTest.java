package dunning.functions.fee;

import static dunning.aws.lambda.SqsEvents.batch;
import static dunning.aws.lambda.SqsEvents.failed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dunning.aws.lambda.SqsBatch;
import dunning.aws.eventbridge.EventPublisher;
import dunning.aws.eventbridge.FirstPublishFails;
import dunning.aws.memory.RecordingEventPublisher;
import dunning.aws.store.ActionStatus;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeeApplicationHandlerTest {
    private final InMemoryFeeLedger ledger = new InMemoryFeeLedger();
    private final RecordingEventPublisher events = new RecordingEventPublisher();
    private final FeeApplicationHandler handler = new FeeApplicationHandler(new FeeApplicationService(ledger, events), SqsBatch.withoutDeadLetters(FeeApplicationHandler.NAME));

    static String fee(String key, String amount) {
        return "{\"idempotencyKey\":\"" + key + "\",\"accountId\":\"A1\",\"episodeId\":\"E1\",\"level\":\"Second Notice\","
                + "\"asOf\":\"2026-01-09\",\"amount\":\"" + amount + "\",\"currency\":\"USD\",\"description\":\"late-fee\"}";
    }



    @Test
    void a_poison_message_fails_alone() {
        ledger.pending("k1", "2.00");
        ledger.pending("k3", "3.00");
        ledger.pending("k6", "2.00");
        SQSBatchResponse r = handler.handleRequest(batch(fee("k1", "2.00"), "{not json", fee("k3", "3.00"),
                fee("unknown-key", "1.00"), fee("k5", "-1.00"), fee("k6", "999999.00")), null);
        assertEquals(List.of("m1", "m3", "m4", "m5"), failed(r), "a message that disagrees with its record is rejected");
        assertEquals(2, ledger.charges.size());
        assertEquals(List.of("Late Fee Applied", "Late Fee Applied"),
                events.published().stream().map(EventPublisher.PublishedEvent::detailType).toList());
        assertEquals(ActionStatus.DONE, ledger.actions.get("k1"));
    }

    @Test
    void the_same_message_twice_books_one_fee() {
        ledger.pending("k1", "2.00");
        handler.handleRequest(batch(fee("k1", "2.00")), null);
        SQSBatchResponse again = handler.handleRequest(batch(fee("k1", "2.00"), fee("k1", "2.00")), null);
        assertEquals(List.of(), failed(again));
        assertEquals(1, ledger.charges.size());
        assertEquals(new BigDecimal("2.00"), ledger.charges.get(0).amount());
        assertEquals(1, events.published().size());
    }

    @Test
    void a_crash_between_booking_and_announcing_announces_on_redelivery_without_booking_again() {
        ledger.pending("k1", "2.00");
        EventPublisher failing = new FirstPublishFails(events);
        FeeApplicationHandler h = new FeeApplicationHandler(new FeeApplicationService(ledger, failing), SqsBatch.withoutDeadLetters(FeeApplicationHandler.NAME));
        assertEquals(List.of("m0"), failed(h.handleRequest(batch(fee("k1", "2.00")), null)));
        assertEquals(ActionStatus.APPLIED, ledger.actions.get("k1"));
        assertEquals(List.of(), failed(h.handleRequest(batch(fee("k1", "2.00")), null)));
        assertEquals(1, ledger.charges.size());
        assertEquals(1, events.published().size());
        assertEquals(ActionStatus.DONE, ledger.actions.get("k1"));
    }

    @Test
    void missing_environment_is_named_at_construction() {
        var e = assertThrows(IllegalStateException.class,
                () -> new FeeApplicationHandler(Map.of("TABLE_NAME", "DunningTable"), Clock.systemUTC()));
        assertTrue(e.getMessage().contains("EVENT_BUS_NAME"), e.getMessage());
    }

    @Test
    void the_env_constructor_wires_the_real_adapters_without_calling_aws() {
        var h = new FeeApplicationHandler(Map.of("TABLE_NAME", "DunningTable", "EVENT_BUS_NAME", "dunning",
                "DEAD_LETTER_QUEUE_URL", "http://127.0.0.1:1/000000000000/FeeQueueDLQ", "AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:1",
                "AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:1",
                "AWS_ENDPOINT_URL_EVENTBRIDGE", "http://127.0.0.1:1"),
                Clock.fixed(Instant.parse("2026-01-09T06:00:00Z"), ZoneOffset.UTC));
        h.beforeCheckpoint(null);
        // an empty batch does no I/O and fails nothing
        assertEquals(List.of(), failed(h.handleRequest(batch(), null)));
    }
}
