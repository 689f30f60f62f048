package dunning.local.dynamodb;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests received per DynamoDB operation name ({@code "Query"}, {@code "TransactWriteItems"}
 * ...), counted as they arrive, whether they then succeed or fail. Thread-safe.
 */
public final class Stats {
    private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();

    void record(String operation) {
        counts.computeIfAbsent(operation, k -> new LongAdder()).increment();
    }

    /** Requests received for one operation since start (or the last {@link #reset()}). */
    public long count(String operation) {
        LongAdder a = counts.get(operation);
        return a == null ? 0 : a.sum();
    }

    /** Requests received for every operation. */
    public long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** A copy of the counts, by operation name. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public void reset() {
        counts.clear();
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
