package dunning.aws.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A monotonic clock that only moves when a test sleeps on it, with the Lambda context of an
 * invocation that has {@code remaining} left when it starts. The sleeper records each wait.
 * Registered as an extension ({@code @RegisterExtension final FakeClock clock = new FakeClock();}),
 * it clears the thread's deadline after each test, so the next test does not inherit it.
 */
public final class FakeClock implements LongSupplier, AfterEachCallback {
    private long nanos = 1_000_000_000L;
    private final List<Duration> slept = new ArrayList<>();

    @Override
    public long getAsLong() {
        return nanos;
    }

    public Backoff.Sleeper sleeper() {
        return d -> {
            slept.add(d);
            nanos += d.toNanos();
        };
    }

    /** The standard backoff sleeping on this clock, its full jitter drawn at the middle (0.5). */
    public Backoff backoff() {
        return Backoff.standard(sleeper(), () -> 0.5);
    }

    public void advance(Duration d) {
        nanos += d.toNanos();
    }

    public List<Duration> slept() {
        return List.copyOf(slept);
    }

    /** Starts an invocation on this thread whose deadline is {@code remaining} from now on this clock. */
    public Deadline startInvocation(Duration remaining) {
        return Deadline.start(context(remaining), this);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Deadline.start(null);
    }

    public static List<Duration> millis(long... values) {
        List<Duration> out = new ArrayList<>();
        for (long v : values) {
            out.add(Duration.ofMillis(v));
        }
        return out;
    }

    public static Context context(Duration remaining) {
        return new Context() {
            @Override public String getAwsRequestId() { return "test"; }
            @Override public String getLogGroupName() { return "/aws/lambda/test"; }
            @Override public String getLogStreamName() { return "test"; }
            @Override public String getFunctionName() { return "test"; }
            @Override public String getFunctionVersion() { return "$LATEST"; }
            @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:000000000000:function:test"; }
            @Override public CognitoIdentity getIdentity() { return null; }
            @Override public ClientContext getClientContext() { return null; }
            @Override public int getRemainingTimeInMillis() { return (int) remaining.toMillis(); }
            @Override public int getMemoryLimitInMB() { return 512; }
            @Override public LambdaLogger getLogger() {
                return new LambdaLogger() {
                    @Override public void log(String message) { }
                    @Override public void log(byte[] message) { }
                };
            }
        };
    }
}
