package dunning.aws.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * When the current invocation must be done by: Lambda stops a function at its timeout, so a retry
 * that would wait past it is not a retry but a lost invocation (and, for a batch, every other
 * record's result with it). A handler calls {@link #start(Context)} first thing in an invocation
 * (SqsBatch does, for every SQS handler); {@link Backoff} asks {@link #current()} how long is left.
 *
 * <p>The deadline lives in a thread-local: Lambda runs one invocation at a time per execution
 * environment, on one thread, and the local runtime runs each environment on its own thread.
 * Nothing clears it at the end of an invocation, so the thread keeps the last one set until the
 * next {@code start}. A deadline already past can only be such a leftover (the invocation that set
 * it was stopped, or finished, at or before it), so {@link #current()} ignores it. Without one (a
 * test, the local runner's own senders, an entry point that does not call {@code start}),
 * {@link #current()} gives a fresh deadline {@link #DEFAULT_BOUND} from now.
 */
public final class Deadline {
    /** The bound on retries when no invocation set a deadline. */
    public static final Duration DEFAULT_BOUND = Duration.ofSeconds(10);

    private static final ThreadLocal<Deadline> CURRENT = new ThreadLocal<>();

    private final long atNanos;
    private final LongSupplier nanoTime;

    private Deadline(long atNanos, LongSupplier nanoTime) {
        this.atNanos = atNanos;
        this.nanoTime = nanoTime;
    }

    /**
     * Sets this thread's deadline to now plus the context's remaining time and returns it. A null
     * context (handler tests pass none) clears it, so the default bound applies.
     */
    public static Deadline start(Context context) {
        return start(context, System::nanoTime);
    }

    /** As {@link #start(Context)}, on a clock the caller moves (tests). */
    public static Deadline start(Context context, LongSupplier nanoTime) {
        if (context == null) {
            CURRENT.remove();
            return current();
        }
        Deadline deadline = after(Duration.ofMillis(context.getRemainingTimeInMillis()), nanoTime);
        CURRENT.set(deadline);
        return deadline;
    }

    /** This thread's invocation deadline, or one {@link #DEFAULT_BOUND} from now when none is set (or only a past one). */
    public static Deadline current() {
        Deadline deadline = CURRENT.get();
        if (deadline == null || deadline.remaining().compareTo(Duration.ZERO) <= 0) {
            return after(DEFAULT_BOUND);
        }
        return deadline;
    }

    /** A deadline {@code remaining} from now on the JVM's monotonic clock. */
    public static Deadline after(Duration remaining) {
        return after(remaining, System::nanoTime);
    }

    /** Tests: a deadline on a clock they move themselves. */
    public static Deadline after(Duration remaining, LongSupplier nanoTime) {
        return new Deadline(nanoTime.getAsLong() + remaining.toNanos(), nanoTime);
    }

    /** Time left; negative once passed. */
    public Duration remaining() {
        return Duration.ofNanos(atNanos - nanoTime.getAsLong());
    }

    @Override
    public String toString() {
        return "deadline in " + remaining().toMillis() + " ms";
    }
}
