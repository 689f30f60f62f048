package dunning.local.iam;

import dunning.local.runtime.LocalRuntime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * An SDK execution interceptor, registered for every client on the test class path through the SDK's
 * global interceptor file (next to RequestCounter and FaultInjector): for each call a handler makes
 * while the local runtime runs it ({@link LocalRuntime#currentFunction()}), it records the IAM actions
 * the call needs and where ({@link IamActions}), once per distinct (function, action, target). Calls
 * made outside a handler (the test's seeding, the upstream producers, the runtime's own polling of the
 * event sources, the engines' deliveries) are not the functions' and are not recorded.
 *
 * <p>It records before the request is sent: a call IAM would refuse is one the function makes, whether
 * or not the service then accepts it (a failed condition still needs the permission).
 */
public final class IamActionRecorder implements ExecutionInterceptor {
    /** One action one function needs on one target. */
    public record Call(String function, IamActions.Need need) {}

    private static final Set<Call> CALLS = ConcurrentHashMap.newKeySet();

    /** Built by the SDK from the global interceptor file. */
    public IamActionRecorder() {
    }

    /** Forgets everything recorded. */
    public static void reset() {
        CALLS.clear();
    }

    /** What was recorded since the last reset, and forgets it (the targets name local resources of one cloud). */
    public static List<Call> drain() {
        List<Call> out = List.copyOf(CALLS);
        CALLS.removeAll(out);
        return out;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        Optional<String> function = LocalRuntime.currentFunction();
        if (function.isEmpty()) {
            return;
        }
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        for (IamActions.Need need : IamActions.of(service, operation, context.request())) {
            CALLS.add(new Call(function.get(), need));
        }
    }
}
