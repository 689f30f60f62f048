package dunning.aws;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The environment a handler was given: System.getenv() on Lambda, an explicit map locally so
 * several handlers can run in one JVM with different settings. Never reads System.getenv itself.
 */
public final class Env {
    private final Map<String, String> values;

    private Env(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** Wraps the map after checking that every required name is present and not blank. */
    public static Env require(String function, Map<String, String> values, Set<Setting> required) {
        Objects.requireNonNull(values, "env");
        Set<String> missing = new TreeSet<>();
        Set<String> names = new TreeSet<>();
        for (Setting setting : required) {
            names.add(setting.name());
            String v = values.get(setting.name());
            if (v == null || v.isBlank()) {
                missing.add(setting.name());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException(function + " cannot start: missing environment variable(s) "
                    + String.join(", ", missing) + " (required: " + String.join(", ", names) + ")");
        }
        return new Env(values);
    }

    public static Env of(Map<String, String> values) {
        return new Env(values);
    }

    public String get(String name) {
        String v = values.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("missing environment variable " + name);
        }
        return v;
    }

    public String get(Setting setting) {
        return get(setting.name());
    }

    public Optional<String> find(Setting setting) {
        return find(setting.name());
    }

    public Optional<String> find(String name) {
        String v = values.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
    }

    public Map<String, String> asMap() {
        return values;
    }
}
