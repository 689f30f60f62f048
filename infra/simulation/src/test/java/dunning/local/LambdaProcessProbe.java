package dunning.local;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs in a fresh JVM whose process environment is a Lambda function's: builds the handler the way
 * Lambda does (its no-arg constructor, which reads System.getenv), then plays SnapStart's
 * lifecycle: {@code beforeCheckpoint}, a pause at the "snapshot" (it prints {@link #CHECKPOINT}
 * and waits for a line on stdin, so the test can look at what init and priming did and change the
 * world, e.g. rotate credentials, as a restore in another environment would), {@code afterRestore},
 * then one invocation with the SQS event in the file named by its second argument. Prints
 * {@link #RESPONSE} and the batch item failures, exits 0; any exception exits 1 with its trace.
 */
public final class LambdaProcessProbe {
    static final String CHECKPOINT = "PROBE checkpoint";
    static final String RESPONSE = "PROBE response ";

    private LambdaProcessProbe() {
    }

    public static void main(String[] args) throws Exception {
        String handlerClass = args[0];
        JsonNode root = new ObjectMapper().readTree(Files.readAllBytes(Path.of(args[1])));
        Object handler = Class.forName(handlerClass).getConstructor().newInstance();
        if (handler instanceof org.crac.Resource resource) {
            resource.beforeCheckpoint(null);
            System.out.println(CHECKPOINT);
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            resource.afterRestore(null);
        }
        @SuppressWarnings("unchecked")
        RequestHandler<SQSEvent, SQSBatchResponse> sqs = (RequestHandler<SQSEvent, SQSBatchResponse>) handler;
        SQSBatchResponse response = sqs.handleRequest(sqsEvent(root), new ProbeContext(System.getenv("AWS_LAMBDA_FUNCTION_NAME")));
        List<String> failed = response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .toList();
        System.out.println(RESPONSE + failed);
        System.out.flush();
        System.exit(0);
    }

    static SQSEvent sqsEvent(JsonNode root) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (JsonNode r : root.path("Records")) {
            SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
            m.setMessageId(r.path("messageId").asText());
            m.setReceiptHandle(r.path("receiptHandle").asText());
            m.setBody(r.path("body").asText());
            m.setEventSource("aws:sqs");
            m.setEventSourceArn(r.path("eventSourceARN").asText());
            m.setAwsRegion(r.path("awsRegion").asText());
            Map<String, String> attributes = new HashMap<>();
            r.path("attributes").fields().forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().asText()));
            m.setAttributes(attributes);
            records.add(m);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    private record ProbeContext(String functionName) implements Context {
        @Override public String getAwsRequestId() { return "probe"; }
        @Override public String getLogGroupName() { return "/aws/lambda/" + functionName; }
        @Override public String getLogStreamName() { return "probe"; }
        @Override public String getFunctionName() { return functionName; }
        @Override public String getFunctionVersion() { return "1"; }
        @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:000000000000:function:" + functionName + ":1"; }
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
