package dunning.aws.eventbridge;

import dunning.aws.lambda.Backoff;
import dunning.aws.lambda.Deadline;
import dunning.aws.lambda.GaveUpException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * PutEvents by 10 (the API's limit). PutEvents reports failures per entry (matched by position) in
 * a successful response, so the SDK's retries never see them: entries that failed with a
 * retryable code (ThrottlingException, InternalFailure, anything not documented as permanent) are
 * sent again, only those, after a {@link Backoff} wait, until accepted, out of attempts, or the
 * invocation's {@link Deadline} is near; then the call fails naming what was left, so the caller's
 * message is retried. An entry failing with a code the API reference lists as non-retryable fails
 * the call at once.
 */
public final class EventBridgePublisher implements EventPublisher {
    public static final int BATCH = 10;
    /** PutEventsResultEntry.ErrorCode values documented as non-retryable. */
    static final Set<String> PERMANENT = Set.of("AccessDeniedException", "InvalidAccountIdException", "InvalidArgument",
            "MalformedDetail", "RedactionFailure", "NotAuthorizedForSourceException", "NotAuthorizedForDetailTypeException");

    private final EventBridgeClient client;
    private final String busName;
    private final String source;
    private final Clock clock;
    private final Backoff backoff;

    /** Publishes as {@code dunning}, the source of every event the functions publish. */
    public EventBridgePublisher(EventBridgeClient client, String busName, Clock clock) {
        this(client, busName, SOURCE, clock);
    }

    /** Publishes as another source: the local runner plays the payment service ({@code billing.payments}). */
    public EventBridgePublisher(EventBridgeClient client, String busName, String source, Clock clock) {
        this(client, busName, source, clock, Backoff.standard());
    }

    /** Tests: another backoff (a recording sleeper, a fixed random source). */
    public EventBridgePublisher(EventBridgeClient client, String busName, String source, Clock clock, Backoff backoff) {
        this.client = client;
        this.busName = busName;
        this.source = source;
        this.clock = clock;
        this.backoff = backoff;
    }

    @Override
    public void publish(List<PublishedEvent> events) {
        Deadline deadline = Deadline.current();
        for (int from = 0; from < events.size(); from += BATCH) {
            putBatch(events.subList(from, Math.min(events.size(), from + BATCH)), backoff.attempts(deadline),
                    events.size() - from);
        }
    }

    /** One batch, with attempts of its own; {@code remaining} counts this batch and the ones after it. */
    private void putBatch(List<PublishedEvent> batch, Backoff.Attempts attempts, int remaining) {
        Instant now = clock.instant();
        List<PutEventsRequestEntry> entries = new ArrayList<>();
        List<PublishedEvent> pending = new ArrayList<>();
        for (PublishedEvent e : batch) {
            entries.add(PutEventsRequestEntry.builder()
                    .eventBusName(busName).source(source).detailType(e.detailType())
                    .detail(e.detailJson()).resources(e.resources()).time(now).build());
            pending.add(e);
        }
        while (true) {
            List<PutEventsRequestEntry> sent = List.copyOf(entries);
            List<PublishedEvent> sentEvents = List.copyOf(pending);
            PutEventsResponse response = client.putEvents(b -> b.entries(sent));
            if (response.failedEntryCount() == null || response.failedEntryCount() == 0) {
                return;
            }
            entries.clear();
            pending.clear();
            String lastError = null;
            List<PutEventsResultEntry> results = response.entries();
            for (int i = 0; i < results.size() && i < sent.size(); i++) {
                PutEventsResultEntry r = results.get(i);
                if (r.errorCode() == null) {
                    continue;
                }
                lastError = r.errorCode() + " " + r.errorMessage();
                if (PERMANENT.contains(r.errorCode())) {
                    throw new GaveUpException("bus " + busName + " rejected " + describe(sentEvents.get(i)) + ": " + lastError
                            + " (not retryable)", List.of(describe(sentEvents.get(i))));
                }
                entries.add(sent.get(i));
                pending.add(sentEvents.get(i));
            }
            if (entries.isEmpty()) {
                return; // failedEntryCount without an entry error: nothing to send again
            }
            if (!attempts.retry()) {
                List<String> unsent = pending.stream().map(EventBridgePublisher::describe).toList();
                int notTried = remaining - batch.size();
                throw GaveUpException.batchRefused("event", "bus " + busName, attempts, unsent, notTried, "publish", lastError);
            }
        }
    }

    /** Detail-type, resources and the start of the detail: enough to find the event in the logs. */
    static String describe(PublishedEvent e) {
        return "'" + e.detailType() + "'" + (e.resources().isEmpty() ? "" : " " + e.resources()) + " " + GaveUpException.start(e.detailJson());
    }
}
