package dunning.local.runtime;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** The Lambda context of one local invocation: names as Lambda gives them, the remaining time counted down from the function's timeout. */
public final class LocalContext implements Context {
    private final String functionName;
    private final int memoryMb;
    private final long deadlineNanos;
    private final String requestId = UUID.randomUUID().toString();

    /** Starts the invocation's clock: {@code remaining} (the function's Timeout, unless a test chose less) from now, in wall time. */
    LocalContext(String functionName, int memoryMb, java.time.Duration remaining) {
        this.functionName = functionName;
        this.memoryMb = memoryMb;
        this.deadlineNanos = System.nanoTime() + remaining.toNanos();
    }

    /** An invocation's context outside the runtime (a function run in a process of its own). */
    public static LocalContext of(String functionName, int memoryMb, java.time.Duration remaining) {
        return new LocalContext(functionName, memoryMb, remaining);
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "local";
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:us-east-1:000000000000:function:" + functionName;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
    }

    @Override
    public int getMemoryLimitInMB() {
        return memoryMb;
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                System.out.println(message);
            }

            @Override
            public void log(byte[] message) {
                log(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
