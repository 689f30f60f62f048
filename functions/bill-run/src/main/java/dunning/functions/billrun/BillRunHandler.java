package dunning.functions.billrun;

import static dunning.aws.Setting.BILL_RUN_QUEUE_URL;
import static dunning.aws.Setting.DEAD_LETTER_QUEUE_URL;
import static dunning.aws.Setting.EVALUATION_QUEUE_URL;
import static dunning.aws.Setting.PAYMENT_EVENTS_QUEUE_URL;
import static dunning.aws.Setting.TABLE_NAME;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dunning.aws.Env;
import dunning.aws.Setting;
import dunning.aws.json.Json;
import dunning.aws.lambda.FunctionHandler;
import dunning.aws.lambda.Log;
import dunning.aws.lambda.Priming;
import dunning.aws.lambda.SqsBatch;
import dunning.aws.lambda.SqsEventJson;
import dunning.aws.messages.BillRunBatch;
import dunning.aws.messages.ScheduleInput;
import dunning.aws.wiring.AwsModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crac.Resource;

/**
 * BillRunFunction. Two triggers share one deployable: its ScheduleV2 schedules (an explicit Input,
 * read into {@link ScheduleInput}, never Scheduler's own envelope) and BillRunQueue (an SQS event).
 * Lambda gives a function one input type, so this is a stream handler that looks at the JSON: a
 * {@code Records} array is an SQS batch and gets a partial batch response, anything else is a
 * schedule's Input.
 */
public final class BillRunHandler extends FunctionHandler<BillRunService> implements RequestStreamHandler {
    public static final String NAME = "BillRunFunction";
    public static final Set<Setting> REQUIRED_ENV = EnumSet.of(TABLE_NAME, DEAD_LETTER_QUEUE_URL, BILL_RUN_QUEUE_URL, EVALUATION_QUEUE_URL,
            PAYMENT_EVENTS_QUEUE_URL);

    /** Lambda's constructor. */
    public BillRunHandler() {
        this(System.getenv(), Clock.systemUTC());
    }

    /** The local runtime's and tests' constructor. */
    public BillRunHandler(Map<String, String> env, Clock clock) {
        super(NAME, DaggerBillRunComponent.builder().awsModule(new AwsModule(Env.require(NAME, env, REQUIRED_ENV), clock)).build());
    }

    /** Tests: a service wired with fakes. */
    BillRunHandler(BillRunService service, SqsBatch batch) {
        super(service, batch);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event;
        try {
            event = Json.mapper().readTree(input);
        } catch (IOException e) {
            reject("input is not JSON: " + e.getMessage(), output);
            return;
        }
        if (SqsEventJson.isSqsEvent(event)) {
            SQSBatchResponse response = batch.process(SqsEventJson.read(event), context,
                    m -> service.bill(BillRunBatch.parse(Json.parse(m.getBody()))));
            output.write(batchResponse(response).getBytes(StandardCharsets.UTF_8));
            return;
        }
        ScheduleInput schedule;
        try {
            schedule = ScheduleInput.parse(event);
        } catch (RuntimeException e) {
            // a schedule's Input is configuration: retrying it cannot help, so log why and stop
            reject(e.getMessage(), output);
            return;
        }
        BillRunService.Summary summary = service.onSchedule(schedule);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("kind", summary.kind());
        fields.put("date", summary.date().toString());
        fields.put("accounts", summary.accounts());
        fields.put("messages", summary.messages());
        Log.info(NAME, "schedule done", fields);
        ObjectNode result = Json.object();
        fields.forEach((k, v) -> result.put(k, String.valueOf(v)));
        output.write(Json.write(result).getBytes(StandardCharsets.UTF_8));
    }

    private static void reject(String reason, OutputStream output) throws IOException {
        Log.error(NAME, "schedule input rejected", Map.of("reason", String.valueOf(reason)));
        ObjectNode result = Json.object();
        result.put("error", String.valueOf(reason));
        output.write(Json.write(result).getBytes(StandardCharsets.UTF_8));
    }


    static String batchResponse(SQSBatchResponse response) {
        ObjectNode root = Json.object();
        ArrayNode failures = root.putArray("batchItemFailures");
        response.getBatchItemFailures().forEach(f -> failures.addObject().put("itemIdentifier", f.getItemIdentifier()));
        return Json.write(root);
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        String sample = Json.write(new BillRunBatch("prime", LocalDate.of(2000, 1, 1), false, List.of("prime")).toJson());
        Priming.warm(List.of("bill-run-batch", "bill-run-schedule"), List.of(sample), BillRunBatch::parse);
    }
}
