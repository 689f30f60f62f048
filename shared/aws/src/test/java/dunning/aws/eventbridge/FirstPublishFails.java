package dunning.aws.eventbridge;

import java.util.List;

/**
 * EventBridge unavailable for one call: the first publish throws, every later one goes on to
 * {@code then}. For the functions' handler tests of a crash between booking an effect and announcing it.
 */
public final class FirstPublishFails implements EventPublisher {
    private final EventPublisher then;
    private int calls;

    public FirstPublishFails(EventPublisher then) {
        this.then = then;
    }

    @Override
    public void publish(List<PublishedEvent> events) {
        if (calls++ == 0) {
            throw new IllegalStateException("EventBridge unavailable");
        }
        then.publish(events);
    }
}
