package dunning.aws.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadlineTest {
    @AfterEach
    void clear() {
        Deadline.start(null);
    }

    @Test
    void start_takes_the_remaining_time_from_the_lambda_context() {
        FakeClock clock = new FakeClock();
        clock.startInvocation(Duration.ofSeconds(30));
        assertEquals(Duration.ofSeconds(30), Deadline.current().remaining());
        clock.advance(Duration.ofSeconds(12));
        assertEquals(Duration.ofSeconds(18), Deadline.current().remaining());
    }

    @Test
    void without_a_context_the_default_bound_applies() {
        Deadline.start(null);
        Duration left = Deadline.current().remaining();
        assertTrue(left.compareTo(Deadline.DEFAULT_BOUND) <= 0 && left.compareTo(Deadline.DEFAULT_BOUND.minusSeconds(1)) > 0,
                left::toString);
    }

    @Test
    void a_deadline_already_past_is_a_previous_invocations_and_is_ignored() {
        FakeClock clock = new FakeClock();
        clock.startInvocation(Duration.ofSeconds(20));
        clock.advance(Duration.ofSeconds(21));
        Duration left = Deadline.current().remaining();
        assertTrue(left.compareTo(Deadline.DEFAULT_BOUND.minusSeconds(1)) > 0, "the default bound, not -1 s: " + left);
    }

    @Test
    void each_thread_has_its_own_deadline() throws Exception {
        FakeClock clock = new FakeClock();
        clock.startInvocation(Duration.ofSeconds(30));
        AtomicReference<Duration> other = new AtomicReference<>();
        Thread t = new Thread(() -> {
            new FakeClock().startInvocation(Duration.ofSeconds(5));
            other.set(Deadline.current().remaining());
        });
        t.start();
        t.join();
        assertEquals(Duration.ofSeconds(5), other.get());
        assertEquals(Duration.ofSeconds(30), Deadline.current().remaining());
    }
}
