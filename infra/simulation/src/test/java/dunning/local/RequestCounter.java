package dunning.local;

import dunning.local.runtime.LocalRuntime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;

/**
 * An SDK execution interceptor, registered for every client on the test class path through the
 * SDK's global interceptor file: counts each request by the function that made it (as the local
 * runtime names it), service and operation, plus the items each Query returned and the entries
 * of each SendMessageBatch.
 */
public final class RequestCounter implements ExecutionInterceptor {
    private static final Map<String, AtomicLong> COUNTS = new ConcurrentHashMap<>();

    public static void reset() {
        COUNTS.clear();
    }

    /** e.g. count("DunningEvaluationFunction", "DynamoDb", "Query"); "*" as the operation sums the service. */
    public static long count(String function, String service, String operation) {
        String prefix = function + "/" + service + "/";
        return COUNTS.entrySet().stream()
                .filter(e -> operation.equals("*")
                        ? e.getKey().startsWith(prefix) && !e.getKey().substring(prefix.length()).contains(".") // requests, not item tallies
                        : e.getKey().equals(prefix + operation))
                .mapToLong(e -> e.getValue().get()).sum();
    }

    /** Every count, for a failure message. */
    public static String dump() {
        return new java.util.TreeMap<>(COUNTS).toString();
    }

    private static void add(String key, long n) {
        COUNTS.computeIfAbsent(key, k -> new AtomicLong()).addAndGet(n);
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String function = LocalRuntime.currentFunction().orElse("test");
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        add(function + "/" + service + "/" + operation, 1);
        if (context.request() instanceof SendMessageBatchRequest batch) {
            add(function + "/" + service + "/SendMessageBatch.entries", batch.entries().size());
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (context.response() instanceof QueryResponse query) {
            String function = LocalRuntime.currentFunction().orElse("test");
            add(function + "/" + attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "/Query.items", query.count());
        }
    }
}
