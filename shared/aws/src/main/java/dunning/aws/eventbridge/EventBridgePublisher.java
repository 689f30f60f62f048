package dunning.aws.eventbridge;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * PutEvents by 10 (the API's limit); failed entries (matched by position) are sent again, only
 * those, up to {@link #ATTEMPTS} times, then the call fails so the caller's message is retried.
 */
public final class EventBridgePublisher implements EventPublisher {
    public static final int BATCH = 10;
    public static final int ATTEMPTS = 4;

    private final EventBridgeClient client;
    private final String busName;
    private final String source;
    private final Clock clock;

    /** Publishes as {@code dunning}, the source of every event the functions publish. */
    public EventBridgePublisher(EventBridgeClient client, String busName, Clock clock) {
        this(client, busName, SOURCE, clock);
    }

    /** Publishes as another source: the local runner plays the payment service ({@code billing.payments}). */
    public EventBridgePublisher(EventBridgeClient client, String busName, String source, Clock clock) {
        this.client = client;
        this.busName = busName;
        this.source = source;
        this.clock = clock;
    }

    @Override
    public void publish(List<PublishedEvent> events) {
        for (int from = 0; from < events.size(); from += BATCH) {
            putBatch(events.subList(from, Math.min(events.size(), from + BATCH)));
        }
    }

    private void putBatch(List<PublishedEvent> batch) {
        Instant now = clock.instant();
        List<PutEventsRequestEntry> entries = new ArrayList<>();
        for (PublishedEvent e : batch) {
            entries.add(PutEventsRequestEntry.builder()
                    .eventBusName(busName).source(source).detailType(e.detailType())
                    .detail(e.detailJson()).resources(e.resources()).time(now).build());
        }
        String lastError = null;
        for (int attempt = 1; attempt <= ATTEMPTS && !entries.isEmpty(); attempt++) {
            List<PutEventsRequestEntry> sent = List.copyOf(entries);
            PutEventsResponse response = client.putEvents(b -> b.entries(sent));
            entries.clear();
            if (response.failedEntryCount() == null || response.failedEntryCount() == 0) {
                break;
            }
            List<PutEventsResultEntry> results = response.entries();
            for (int i = 0; i < results.size() && i < sent.size(); i++) {
                PutEventsResultEntry r = results.get(i);
                if (r.errorCode() != null) {
                    lastError = r.errorCode() + " " + r.errorMessage();
                    entries.add(sent.get(i));
                }
            }
        }
        if (!entries.isEmpty()) {
            throw new IllegalStateException(entries.size() + " event(s) not accepted by bus " + busName
                    + " after " + ATTEMPTS + " attempts: " + lastError);
        }
    }
}
