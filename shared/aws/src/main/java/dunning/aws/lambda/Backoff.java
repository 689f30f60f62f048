package dunning.aws.lambda;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"):
 * before retry n the caller sleeps a uniformly random time in [0, min(cap, base × 2^(n-1))]. Full
 * jitter spreads the retries of many callers that failed together (ten Lambda environments
 * throttled by the same PutEvents quota) over the whole window instead of bunching them at its
 * end, which is what keeps them from failing together again; the blog measures it as the least
 * total work and about the fastest completion of the variants it compares.
 *
 * <p>Bounded twice: at most {@code maxAttempts} attempts, and never a wait after which less than
 * {@code margin} of the invocation's {@link Deadline} would remain (time for the last attempt
 * itself and for the handler to return its batch response). The numbers are in
 * docs/resilience.md. The sleeper and the random source are injectable, so tests assert the exact
 * sequence of waits without waiting.
 */
public final class Backoff {
    /** Sleeps; tests record instead. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    public static final Duration BASE = Duration.ofMillis(50);
    public static final Duration CAP = Duration.ofSeconds(2);
    public static final int MAX_ATTEMPTS = 8;
    public static final Duration MARGIN = Duration.ofSeconds(2);

    /**
     * Not java.util.Random or ThreadLocalRandom: a seed drawn at init is captured in the SnapStart
     * snapshot, and every environment restored from it would draw the same "random" waits, which is
     * the synchronisation jitter is there to break. AWS's "Handling uniqueness with Lambda
     * SnapStart" asks for a cryptographically secure generator, which draws on the restored
     * microVM's own entropy; the few draws a retry needs make its cost irrelevant.
     */
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final Backoff STANDARD = new Backoff(BASE, CAP, MAX_ATTEMPTS, MARGIN,
            d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000), RANDOM::nextDouble);

    private final Duration base;
    private final Duration cap;
    private final int maxAttempts;
    private final Duration margin;
    private final Sleeper sleeper;
    private final DoubleSupplier random;

    /** {@code random} returns values in [0, 1). */
    public Backoff(Duration base, Duration cap, int maxAttempts, Duration margin, Sleeper sleeper, DoubleSupplier random) {
        if (maxAttempts < 1 || base.isNegative() || cap.compareTo(base) < 0 || margin.isNegative()) {
            throw new IllegalArgumentException("backoff needs 1+ attempts, 0 <= base <= cap and a margin >= 0");
        }
        this.base = base;
        this.cap = cap;
        this.maxAttempts = maxAttempts;
        this.margin = margin;
        this.sleeper = Objects.requireNonNull(sleeper);
        this.random = Objects.requireNonNull(random);
    }

    /** The production numbers with real sleep and randomness. */
    public static Backoff standard() {
        return STANDARD;
    }

    /** The same numbers with another sleeper and random source (tests). */
    public static Backoff standard(Sleeper sleeper, DoubleSupplier random) {
        return new Backoff(BASE, CAP, MAX_ATTEMPTS, MARGIN, sleeper, random);
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /** The upper end of the wait before retry {@code retry} (1 = the first): min(cap, base × 2^(retry-1)). */
    public Duration ceiling(int retry) {
        long ceiling = base.toMillis();
        for (int i = 1; i < retry && ceiling < cap.toMillis(); i++) {
            ceiling *= 2;
        }
        return Duration.ofMillis(Math.min(ceiling, cap.toMillis()));
    }

    /** The wait before retry {@code retry}: uniform over whole milliseconds in [0, ceiling]. */
    public Duration delay(int retry) {
        long ceiling = ceiling(retry).toMillis();
        long pick = (long) Math.floor(random.getAsDouble() * (ceiling + 1));
        return Duration.ofMillis(Math.min(Math.max(pick, 0), ceiling));
    }

    /** The retries of one operation (its first attempt counts as made) against {@code deadline}. */
    public Attempts attempts(Deadline deadline) {
        return new Attempts(Objects.requireNonNull(deadline));
    }

    /** One operation's attempts: call {@link #retry()} after each failed one. */
    public final class Attempts {
        private final Deadline deadline;
        private final List<Duration> waits = new ArrayList<>();
        private int made = 1;
        private String stop = "";

        private Attempts(Deadline deadline) {
            this.deadline = deadline;
        }

        /**
         * Sleeps before the next attempt and returns true, or returns false without sleeping when
         * the attempts are used up or the wait would leave less than the margin before the
         * deadline; {@link #stopReason()} then says which.
         */
        public boolean retry() {
            if (made >= maxAttempts) {
                stop = "after " + made + " attempts (the most allowed)";
                return false;
            }
            Duration wait = delay(made);
            Duration left = deadline.remaining();
            if (left.minus(wait).compareTo(margin) < 0) {
                stop = "after " + made + " attempt(s): the next wait (" + wait.toMillis() + " ms) would leave "
                        + Math.max(0, left.minus(wait).toMillis()) + " ms before the invocation's deadline, under the "
                        + margin.toMillis() + " ms margin";
                return false;
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop = "after " + made + " attempt(s): interrupted while waiting";
                return false;
            }
            waits.add(wait);
            made++;
            return true;
        }

        /** Attempts made so far. */
        public int made() {
            return made;
        }

        /** The waits slept so far, in order. */
        public List<Duration> waits() {
            return List.copyOf(waits);
        }

        /** Why {@link #retry()} last returned false ("" if it has not). */
        public String stopReason() {
            return stop;
        }
    }
}
