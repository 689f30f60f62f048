package dunning.functions.status;

import static dunning.aws.lambda.SqsEvents.batch;
import static dunning.aws.lambda.SqsEvents.failed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dunning.aws.lambda.SqsBatch;
import dunning.aws.json.Json;
import dunning.domain.plan.Plan;
import dunning.aws.memory.RecordingEventPublisher;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusChangeHandlerTest {
    private final InMemoryAccountStatusStore store = new InMemoryAccountStatusStore();
    private final RecordingEventPublisher events = new RecordingEventPublisher();
    private final StatusChangeHandler handler = new StatusChangeHandler(new StatusChangeService(store, events), SqsBatch.withoutDeadLetters(StatusChangeHandler.NAME));

    static String status(String key, String account, String status) {
        return "{\"idempotencyKey\":\"" + key + "\",\"accountId\":\"" + account + "\",\"level\":\"Suspension\","
                + "\"asOf\":\"2026-01-31\",\"status\":\"" + status + "\"}";
    }



    @Test
    void poison_messages_fail_alone_and_valid_ones_change_status_once() {
        store.statuses.put("A1", "ACTIVE");
        store.statuses.put("A2", "ACTIVE");
        store.pending("k1", "A1", Plan.Status.ACTIVE, Plan.Status.SUSPENDED, 1);
        store.pending("k2", "A2", Plan.Status.ACTIVE, Plan.Status.SUSPENDED, 1);
        store.pending("k9", "NOPE", Plan.Status.ACTIVE, Plan.Status.SUSPENDED, 1);
        store.pending("k3", "A2", Plan.Status.SUSPENDED, Plan.Status.WRITTEN_OFF, 2);
        SQSBatchResponse r = handler.handleRequest(batch(status("k1", "A1", "SUSPENDED"), status("k2", "A2", "BANNED"),
                status("k9", "NOPE", "SUSPENDED"), "[]", status("k1", "A1", "SUSPENDED"), status("k3", "A2", "ACTIVE")), null);
        assertEquals(List.of("m1", "m2", "m3", "m5"), failed(r), "a forged status (k3 says ACTIVE, its record WRITTEN_OFF) is rejected");
        assertEquals("SUSPENDED", store.statuses.get("A1"));
        assertEquals(1, store.changes);
        assertEquals(1, events.published().size());
        var detail = Json.parse(events.published().get(0).detailJson());
        assertEquals("Account Status Changed", events.published().get(0).detailType());
        assertEquals("ACTIVE", detail.get("from").asText());
        assertEquals("SUSPENDED", detail.get("to").asText());
        assertEquals("k1", detail.get("idempotencyKey").asText());
    }

    @Test
    void missing_environment_is_named_at_construction() {
        var e = assertThrows(IllegalStateException.class, () -> new StatusChangeHandler(Map.of(), Clock.systemUTC()));
        assertTrue(e.getMessage().contains("EVENT_BUS_NAME, TABLE_NAME"), e.getMessage());
    }
}
