package dunning.domain.port;

import dunning.domain.plan.Plan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Plan versions held in memory: the scenario runner's catalog, and the reference for the stored one. */
public final class InMemoryPlanCatalog implements PlanCatalog {
    private record Published(Plan plan, boolean applyToOpenEpisodes) {}

    private final Map<String, List<Published>> versions = new HashMap<>();

    /**
     * Publishes {@code plan} as the next version of its id and returns it with its version number;
     * content identical to the current version is not a new version.
     */
    public synchronized Plan publish(Plan plan, boolean applyToOpenEpisodes) {
        List<Published> list = versions.computeIfAbsent(plan.id(), k -> new ArrayList<>());
        if (!list.isEmpty() && list.get(list.size() - 1).plan().sameContentAs(plan)) {
            return list.get(list.size() - 1).plan();
        }
        Plan versioned = plan.withVersion(list.size() + 1);
        list.add(new Published(versioned, applyToOpenEpisodes));
        return versioned;
    }

    @Override
    public synchronized Plan current(String planId) {
        List<Published> list = versions.get(planId);
        if (list == null) {
            throw new IllegalArgumentException("unknown plan " + planId);
        }
        return list.get(list.size() - 1).plan();
    }

    @Override
    public synchronized Plan version(String planId, int version) {
        List<Published> list = versions.get(planId);
        if (list == null || version < 1 || version > list.size()) {
            throw new IllegalArgumentException("unknown plan " + planId + " version " + version);
        }
        return list.get(version - 1).plan();
    }

    @Override
    public synchronized Optional<Plan> appliedToOpenEpisodesAfter(String planId, int since) {
        List<Published> list = versions.getOrDefault(planId, List.of());
        for (int i = list.size() - 1; i >= since; i--) {
            if (list.get(i).applyToOpenEpisodes()) {
                return Optional.of(list.get(i).plan());
            }
        }
        return Optional.empty();
    }
}
