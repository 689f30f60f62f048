package dunning.aws.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dunning.aws.json.BadMessageException;
import dunning.aws.json.Fields;
import dunning.aws.json.Json;
import dunning.aws.store.ParkedEvents;
import java.util.Set;

/**
 * PaymentEventsQueue message of the hourly sweep (schema parked-event-retry): try a parked event again.
 * It names the parked event by where it is kept; payment-events reads the event from there, so a forged
 * one can only retry an event that really arrived.
 */
public record ParkedRetry(ParkedEvents.Ref ref) {
    public static final String KIND = "RETRY_PARKED";
    /** The collections an event may be parked in. */
    private static final Set<String> PARTITIONS = Set.of("ACCOUNT#", "EXTERNAL#", "STRIPE#");

    /** Whether a PaymentEventsQueue body is this message rather than an EventBridge envelope. */
    public static boolean is(JsonNode n) {
        return n != null && n.isObject() && KIND.equals(n.path("kind").asText(null)) && !n.has("detail-type");
    }

    public static ParkedRetry parse(JsonNode n) {
        Fields.requireObject(n, "$");
        Fields.onlyKnown(n, "$", Set.of("kind", "partition", "key"));
        String partition = Fields.checkPrintable(Fields.text(n, "partition", "$"), "$.partition", "a partition", 1024);
        if (PARTITIONS.stream().noneMatch(partition::startsWith)) {
            throw new BadMessageException("$.partition: no event is parked in " + Fields.shown(partition));
        }
        String key = Fields.checkPrintable(Fields.text(n, "key", "$"), "$.key", "a parked event's key", 512);
        return new ParkedRetry(new ParkedEvents.Ref(partition, key));
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("kind", KIND);
        o.put("partition", ref.partition());
        o.put("key", ref.key());
        return o;
    }
}
