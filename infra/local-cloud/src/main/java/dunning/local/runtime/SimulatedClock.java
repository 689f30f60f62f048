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
 *
 * <p>{@link #followingWallClock()} makes one that follows the system clock instead (for the local
 * cloud run as a server on the wall clock): it reads the time as it passes, still never backwards,
 * and refuses to be moved.
 */
public final class SimulatedClock extends Clock {
    private final AtomicReference<Instant> now;
    private final ZoneId zone;
    /** The clock followed, or null for a simulated one. */
    private final Clock wall;

    private SimulatedClock(AtomicReference<Instant> now, ZoneId zone, Clock wall) {
        this.now = now;
        this.zone = zone;
        this.wall = wall;
    }

    public SimulatedClock(Instant start) {
        this(new AtomicReference<>(start), ZoneOffset.UTC, null);
    }

    /** A clock that reads the system's UTC time as it passes. */
    public static SimulatedClock followingWallClock() {
        return followingWallClock(Clock.systemUTC());
    }

    /** A clock that reads {@code wall} as it passes (never going back should {@code wall} do so). */
    public static SimulatedClock followingWallClock(Clock wall) {
        return new SimulatedClock(new AtomicReference<>(wall.instant()), ZoneOffset.UTC, wall);
    }

    /** Whether this clock follows a wall clock (then only time moves it). */
    public boolean followsWallClock() {
        return wall != null;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new SimulatedClock(now, zone, wall);
    }

    @Override
    public Instant instant() {
        if (wall != null) {
            Instant w = wall.instant();
            return now.updateAndGet(n -> w.isAfter(n) ? w : n);
        }
        return now.get();
    }

    /** Moves to {@code to}; moving backwards is a bug in the caller, so it fails. */
    public void set(Instant to) {
        refuseIfWall();
        Instant before = now.getAndUpdate(n -> to.isBefore(n) ? n : to);
        if (to.isBefore(before)) {
            throw new IllegalArgumentException("the simulated clock cannot go back from " + before + " to " + to);
        }
    }

    public void advance(Duration by) {
        refuseIfWall();
        now.updateAndGet(n -> n.plus(by));
    }

    private void refuseIfWall() {
        if (wall != null) {
            throw new IllegalStateException("this clock follows the wall clock: only time moves it");
        }
    }
}
