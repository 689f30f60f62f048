package dunning.aws.memory;

import dunning.aws.eventbridge.EventPublisher;
import java.util.ArrayList;
import java.util.List;

/** In-memory EventPublisher: keeps what was published (scenario runner, tests). */
public final class RecordingEventPublisher implements EventPublisher {
    private final List<PublishedEvent> published = new ArrayList<>();

    @Override
    public synchronized void publish(List<PublishedEvent> events) {
        published.addAll(events);
    }

    public synchronized List<PublishedEvent> published() {
        return List.copyOf(published);
    }
}
