package dunning.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dunning.aws.lambda.SqsEventJson;
import dunning.local.runtime.LocalContext;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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
        SQSBatchResponse response = sqs.handleRequest(SqsEventJson.read(root),
                LocalContext.of(System.getenv("AWS_LAMBDA_FUNCTION_NAME"), 512, Duration.ofSeconds(30)));
        List<String> failed = response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .toList();
        System.out.println(RESPONSE + failed);
        System.out.flush();
        System.exit(0);
    }


}
