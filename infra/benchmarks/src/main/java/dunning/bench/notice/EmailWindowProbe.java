package dunning.bench.notice;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Times the two windows of docs/resilience.md "The one email window" on the thread that sends: (a) an
 * SES SendEmail from its first byte out to its answer (a fault there loses the answer), (b) from that
 * answer to the end of the next DynamoDB call on the same thread, which is the notification function's
 * SENT record (a crash there leaves the send unrecorded). A global SDK interceptor (this module's
 * {@code execution.interceptors}), so it sees the real handlers' calls without touching them.
 */
public final class EmailWindowProbe implements ExecutionInterceptor {
    private static final ThreadLocal<Long> SENT_AT = new ThreadLocal<>();
    private static final ThreadLocal<Long> SEND_STARTED = new ThreadLocal<>();
    private static final List<long[]> SAMPLES = new ArrayList<>();

    /** Each sample: {SES call nanos, answer-to-record nanos}. */
    public static synchronized List<long[]> samples() {
        return List.copyOf(SAMPLES);
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (isSend(attributes)) {
            SEND_STARTED.set(System.nanoTime());
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        long now = System.nanoTime();
        if (isSend(attributes)) {
            SENT_AT.set(now);
            return;
        }
        Long sentAt = SENT_AT.get();
        if (sentAt != null && "DynamoDb".equals(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))) {
            SENT_AT.remove();
            Long started = SEND_STARTED.get();
            synchronized (EmailWindowProbe.class) {
                SAMPLES.add(new long[] {started == null ? 0 : sentAt - started, now - sentAt});
            }
        }
    }

    private static boolean isSend(ExecutionAttributes attributes) {
        return "SesV2".equals(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))
                && "SendEmail".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }
}
