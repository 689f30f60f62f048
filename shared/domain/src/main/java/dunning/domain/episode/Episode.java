package dunning.domain.episode;

import dunning.domain.plan.Plan;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One stretch of delinquency of an account (DESIGN §2.7): it opens when the account first
 * qualifies and closes when its overdue amount falls below the plan minimum. It keeps the path and
 * the plan version it opened with, and the levels it fired, by name, in order; levels never go
 * down within it, and a level whose name fired never fires again in it.
 *
 * @param number          1 for the account's first episode, then 2, …
 * @param fired           the levels fired, in order, with their day
 * @param lastFired       the level whose {@code waitDays} hold the next one: the last fired, or after a move to a
 *                        new plan version the highest level of the new path whose name fired
 * @param lastFeeOn       the day of the episode's last fee (interest counts from it for later levels)
 * @param pendingApproval a level reached that waits for a person's approval; nothing higher fires meanwhile
 * @param fees            the fees charged in this episode, summed
 */
public record Episode(int number, LocalDate openedOn, Plan.Path path, String planId, int planVersion,
                      List<FiredLevel> fired, Optional<FiredLevel> lastFired, Optional<LocalDate> lastFeeOn,
                      Optional<String> pendingApproval, BigDecimal fees) {

    /** A level that fired, and when (for an approved level: the day of its approval). */
    public record FiredLevel(String name, LocalDate on) {}

    public Episode {
        fired = List.copyOf(fired);
    }

    public static Episode open(int number, LocalDate on, Plan.Path path, Plan plan) {
        return new Episode(number, on, path, plan.id(), plan.version(), List.of(), Optional.empty(), Optional.empty(),
                Optional.empty(), BigDecimal.ZERO);
    }

    public boolean hasFired(String levelName) {
        return fired.stream().anyMatch(f -> f.name().equals(levelName));
    }

    /** The index of the last fired level in {@code levels}, or -1 when none (or its name is not there). */
    public int lastFiredIndex(List<Plan.Level> levels) {
        if (lastFired.isEmpty()) {
            return -1;
        }
        for (int i = 0; i < levels.size(); i++) {
            if (levels.get(i).name().equals(lastFired.get().name())) {
                return i;
            }
        }
        return -1;
    }

    public Episode fire(String level, LocalDate on) {
        List<FiredLevel> f = new ArrayList<>(fired);
        FiredLevel now = new FiredLevel(level, on);
        f.add(now);
        return new Episode(number, openedOn, path, planId, planVersion, f, Optional.of(now), lastFeeOn, pendingApproval, fees);
    }

    public Episode charged(BigDecimal fee, LocalDate on) {
        return new Episode(number, openedOn, path, planId, planVersion, fired, lastFired, Optional.of(on), pendingApproval,
                fees.add(fee));
    }

    public Episode awaiting(Optional<String> level) {
        return new Episode(number, openedOn, path, planId, planVersion, fired, lastFired, lastFeeOn, level, fees);
    }

    /**
     * The episode under a new version of its plan (FORMAT.md {@code publishPlan} with
     * {@code applyToOpenEpisodes}): the path is kept; the last fired level becomes the highest level of
     * the new path whose name already fired (none if none did), keeping the day that level fired; a
     * pending approval stays only if its level is still there.
     */
    public Episode movedTo(Plan newVersion) {
        List<Plan.Level> levels = newVersion.levels(path);
        Optional<FiredLevel> last = Optional.empty();
        for (Plan.Level level : levels) {
            for (FiredLevel f : fired) {
                if (f.name().equals(level.name())) {
                    last = Optional.of(f);
                }
            }
        }
        Optional<String> pending = pendingApproval.filter(p -> levels.stream().anyMatch(l -> l.name().equals(p)));
        return new Episode(number, openedOn, path, newVersion.id(), newVersion.version(), fired, last, lastFeeOn, pending, fees);
    }
}
