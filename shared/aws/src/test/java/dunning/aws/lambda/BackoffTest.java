package dunning.aws.lambda;

import static dunning.aws.lambda.FakeClock.millis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void the_ceiling_doubles_from_the_base_up_to_the_cap() {
        Backoff b = Backoff.standard(d -> { }, () -> 0.0);
        List<Duration> ceilings = new ArrayList<>();
        for (int retry = 1; retry <= 8; retry++) {
            ceilings.add(b.ceiling(retry));
        }
        assertEquals(millis(50, 100, 200, 400, 800, 1600, 2000, 2000), ceilings);
        assertEquals(Duration.ofSeconds(2), b.ceiling(40), "no overflow far out");
    }

    @Test
    void full_jitter_is_uniform_over_zero_to_the_ceiling() {
        assertEquals(Duration.ZERO, Backoff.standard(d -> { }, () -> 0.0).delay(3));
        assertEquals(Duration.ofMillis(100), Backoff.standard(d -> { }, () -> 0.5).delay(3));
        assertEquals(Duration.ofMillis(200), Backoff.standard(d -> { }, () -> 0.99999).delay(3), "the ceiling itself can come up");
    }

    @Test
    void it_sleeps_the_jittered_waits_in_order_and_stops_after_the_most_attempts() {
        FakeClock clock = new FakeClock();
        double[] draws = {0.5, 0.1, 0.9, 0.5, 0.5, 0.5, 0.5};
        int[] next = {0};
        Backoff b = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(2), 8, Duration.ofSeconds(2), clock.sleeper(),
                () -> draws[next[0]++]);
        Backoff.Attempts attempts = b.attempts(Deadline.after(Duration.ofMinutes(5), clock));
        int retries = 0;
        while (attempts.retry()) {
            retries++;
        }
        assertEquals(7, retries);
        assertEquals(8, attempts.made());
        // floor(u × (ceiling + 1)): 0.5×51, 0.1×101, 0.9×201, 0.5×401, 0.5×801, 0.5×1601, 0.5×2001
        assertEquals(millis(25, 10, 180, 200, 400, 800, 1000), clock.slept());
        assertEquals(clock.slept(), attempts.waits());
        assertTrue(attempts.stopReason().contains("after 8 attempts"), attempts.stopReason());
    }

    @Test
    void it_gives_up_instead_of_a_wait_that_would_leave_less_than_the_margin() {
        FakeClock clock = new FakeClock();
        Backoff b = Backoff.standard(clock.sleeper(), () -> 0.999);
        // 2.4 s left: waits of 50, 100 and 200 ms fit (2.35, 2.25, 2.05 s left); 400 ms would leave 1.65 s
        Backoff.Attempts attempts = b.attempts(Deadline.after(Duration.ofMillis(2400), clock));
        assertTrue(attempts.retry());
        assertTrue(attempts.retry());
        assertTrue(attempts.retry());
        assertFalse(attempts.retry());
        assertEquals(millis(50, 100, 200), clock.slept());
        assertEquals(4, attempts.made());
        assertTrue(attempts.stopReason().contains("the next wait (400 ms) would leave 1650 ms"), attempts.stopReason());
    }

    @Test
    void a_deadline_already_inside_the_margin_allows_no_retry_at_all() {
        FakeClock clock = new FakeClock();
        Backoff.Attempts attempts = Backoff.standard(clock.sleeper(), () -> 0.0).attempts(Deadline.after(Duration.ofSeconds(1), clock));
        assertFalse(attempts.retry(), "even a zero wait would leave 1 s, under the 2 s margin");
        assertEquals(List.of(), clock.slept());
    }

    @Test
    void an_interrupted_wait_gives_up_and_keeps_the_interrupt() {
        Backoff b = Backoff.standard(d -> { throw new InterruptedException(); }, () -> 0.5);
        Backoff.Attempts attempts = b.attempts(Deadline.after(Duration.ofMinutes(1)));
        assertFalse(attempts.retry());
        assertTrue(Thread.interrupted(), "interrupt flag restored (and cleared here)");
        assertTrue(attempts.stopReason().contains("interrupted"));
    }

    @Test
    void nonsense_settings_are_refused() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(3), Duration.ofSeconds(2), 3,
                Duration.ZERO, d -> { }, () -> 0.0));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofMillis(1), Duration.ofSeconds(2), 0,
                Duration.ZERO, d -> { }, () -> 0.0));
    }
}
