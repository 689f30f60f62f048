package dunning.bench.coldstart;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import dunning.aws.lambda.SqsEventJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs inside the fresh JVM the cold-start benchmark starts: builds one handler the way Lambda does
 * (its no-arg constructor, reading the process environment) and invokes it once with a sample event.
 * It prints "init=<ms> invoke=<ms>" measured from the JVM's own start, then exits.
 *
 * <p>Lambda's runtime turns the SQS event JSON into an {@link SQSEvent} with its own serializer; the
 * probe uses the functions' own reader ({@link SqsEventJson}) so it adds no serializer of its own to
 * the measurement beyond the Jackson the functions already load.
 */
public final class ColdStartProbe {
    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        String handlerClass = args[0];
        byte[] event = Files.readAllBytes(Path.of(args[1]));

        Object handler = Class.forName(handlerClass).getConstructor().newInstance();
        long initDone = System.nanoTime();

        if (handler instanceof RequestStreamHandler stream) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            stream.handleRequest(new ByteArrayInputStream(event), out, new ProbeContext(handlerClass));
        } else {
            @SuppressWarnings("unchecked")
            RequestHandler<SQSEvent, Object> sqs = (RequestHandler<SQSEvent, Object>) handler;
            Object response = sqs.handleRequest(SqsEventJson.read(new ObjectMapper().readTree(event)), new ProbeContext(handlerClass));
            if (response == null) {
                throw new IllegalStateException("handler returned no batch response");
            }
            if (response instanceof SQSBatchResponse batch && !batch.getBatchItemFailures().isEmpty()) {
                // a run that failed its message measures nothing worth quoting (and ShadedJarsTest fails on it)
                throw new IllegalStateException("the sample message failed: " + batch.getBatchItemFailures().size() + " item(s)");
            }
        }
        long invokeDone = System.nanoTime();
        System.out.printf("init=%d invoke=%d%n", (initDone - start) / 1_000_000, (invokeDone - initDone) / 1_000_000);
    }


    private record ProbeContext(String functionName) implements Context {
        @Override public String getAwsRequestId() { return "cold-start-probe"; }
        @Override public String getLogGroupName() { return "/aws/lambda/" + functionName; }
        @Override public String getLogStreamName() { return "probe"; }
        @Override public String getFunctionName() { return functionName; }
        @Override public String getFunctionVersion() { return "$LATEST"; }
        @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:000000000000:function:" + functionName; }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return 30_000; }
        @Override public int getMemoryLimitInMB() { return 512; }
        @Override public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override public void log(String message) { System.err.println(message); }
                @Override public void log(byte[] message) { System.err.println(new String(message, StandardCharsets.UTF_8)); }
            };
        }
    }
}
