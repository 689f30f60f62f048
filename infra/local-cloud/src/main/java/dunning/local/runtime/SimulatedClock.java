package dunning.local.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The runner's clock: handlers built by the local runtime read the time from it, so a month of
 * schedules runs in seconds. It only moves when the runner moves it, and never backwards.
 */
public final class SimulatedClock extends Clock {
    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    private SimulatedClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    public SimulatedClock(Instant start) {
        this(new AtomicReference<>(start), ZoneOffset.UTC);
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new SimulatedClock(now, zone);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    /** Moves to {@code to}; moving backwards is a bug in the caller, so it fails. */
    public void set(Instant to) {
        Instant before = now.getAndUpdate(n -> to.isBefore(n) ? n : to);
        if (to.isBefore(before)) {
            throw new IllegalArgumentException("the simulated clock cannot go back from " + before + " to " + to);
        }
    }

    public void advance(Duration by) {
        now.updateAndGet(n -> n.plus(by));
    }
}
