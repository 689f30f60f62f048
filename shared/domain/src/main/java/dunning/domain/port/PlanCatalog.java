package dunning.domain.port;

import dunning.domain.plan.Plan;
import java.util.Optional;

/**
 * The plans an account's day is evaluated against, by id and version (DESIGN §5.2): every publish
 * of a plan id is a new immutable version. An open episode is governed by the version it opened
 * with; reminders, payment-failed notices and retries follow the current one.
 */
public interface PlanCatalog {
    /** The latest version of the plan. */
    Plan current(String planId);

    /** One version of the plan (an open episode's). */
    Plan version(String planId, int version);

    /** The newest version above {@code since} that was published to apply to open episodes, if any. */
    Optional<Plan> appliedToOpenEpisodesAfter(String planId, int since);
}
