package dunning.domain.engine;

import java.time.LocalDate;
import java.util.Optional;

/**
 * One action carried out: kind is email, fee, status, event, task, retry or approvalRequested, with
 * its value (template, amount, status, detail type, task kind, "true"). Its key names it for
 * exactly-once effects downstream: account, episode, level and action index, or the reminder, retry
 * or failed payment it comes from.
 */
public record CarriedOut(LocalDate day, String account, Optional<String> level, String kind, String value, String key) {
    /** How the scenario runner and explain print it. */
    public String describe() {
        return account + level.map(l -> " [" + l + "]").orElse("") + " " + kind + " " + value;
    }
}
