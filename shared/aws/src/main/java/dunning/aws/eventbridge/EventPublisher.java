package dunning.aws.eventbridge;

import java.util.List;

/** Port: publishes events with source "dunning" on the Dunning bus. */
public interface EventPublisher {
    String SOURCE = "dunning";

    /** One event: its detail-type, its detail as JSON text, and the resources it concerns. */
    record PublishedEvent(String detailType, String detailJson, List<String> resources) {}

    void publish(List<PublishedEvent> events);
}
