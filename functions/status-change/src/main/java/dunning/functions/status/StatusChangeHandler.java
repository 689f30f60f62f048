package dunning.functions.status;

import static dunning.aws.Setting.DEAD_LETTER_QUEUE_URL;
import static dunning.aws.Setting.EVENT_BUS_NAME;
import static dunning.aws.Setting.TABLE_NAME;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dunning.aws.Env;
import dunning.aws.Setting;
import dunning.aws.json.Json;
import dunning.aws.lambda.FunctionHandler;
import dunning.aws.lambda.Priming;
import dunning.aws.lambda.SqsBatch;
import dunning.aws.messages.ActionMessage;
import dunning.aws.wiring.AwsModule;
import java.time.Clock;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.crac.Resource;

/** StatusChangeFunction: StatusChangeQueue -> one status change (and its event) per action record. */
public final class StatusChangeHandler extends FunctionHandler<StatusChangeService> implements RequestHandler<SQSEvent, SQSBatchResponse> {
    public static final String NAME = "StatusChangeFunction";
    public static final Set<Setting> REQUIRED_ENV = EnumSet.of(TABLE_NAME, DEAD_LETTER_QUEUE_URL, EVENT_BUS_NAME);

    /** Lambda's constructor. */
    public StatusChangeHandler() {
        this(System.getenv(), Clock.systemUTC());
    }

    /** The local runtime's and tests' constructor. */
    public StatusChangeHandler(Map<String, String> env, Clock clock) {
        super(NAME, DaggerStatusComponent.builder().awsModule(new AwsModule(Env.require(NAME, env, REQUIRED_ENV), clock)).build());
    }

    /** Tests: a service wired with fakes. */
    StatusChangeHandler(StatusChangeService service, SqsBatch batch) {
        super(service, batch);
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return batch.process(event, context, m -> service.apply(ActionMessage.Status.parse(Json.parse(m.getBody()))));
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        String sample = Json.write(new ActionMessage.Status("prime", "prime", Optional.empty(), Optional.empty(),
                LocalDate.of(2000, 1, 1), "SUSPENDED", Optional.empty()).toJson());
        Priming.warm(List.of("status-action", "account-status-changed"), List.of(sample), ActionMessage.Status::parse);
    }
}
