package dunning.local.runtime;

import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the SQS sends made in this JVM, by anyone: the functions, the EventBridge engine's
 * deliveries to its targets, a test. Registered as a global SDK interceptor by local-cloud's
 * {@code execution.interceptors}, it lets {@link LocalRuntime#advanceTo} skip draining after a
 * schedule that sent nothing: a sweep that finds nothing is then one invocation, not one poll of
 * every queue, which is what makes an hourly schedule affordable over a simulated quarter.
 */
public final class SendWatch implements ExecutionInterceptor {
    private static final AtomicLong SENDS = new AtomicLong();

    /** How many sends have been made so far. */
    public static long sends() {
        return SENDS.get();
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        if ("Sqs".equals(service) && ("SendMessage".equals(operation) || "SendMessageBatch".equals(operation))) {
            SENDS.incrementAndGet();
        }
    }
}
