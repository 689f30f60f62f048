package dunning.functions.fee;

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
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.crac.Resource;

/** FeeApplicationFunction: FeeQueue -> one late fee per action record. */
public final class FeeApplicationHandler extends FunctionHandler<FeeApplicationService> implements RequestHandler<SQSEvent, SQSBatchResponse> {
    public static final String NAME = "FeeApplicationFunction";
    public static final Set<Setting> REQUIRED_ENV = EnumSet.of(TABLE_NAME, DEAD_LETTER_QUEUE_URL, EVENT_BUS_NAME);

    /** Lambda's constructor. */
    public FeeApplicationHandler() {
        this(System.getenv(), Clock.systemUTC());
    }

    /** The local runtime's and tests' constructor. */
    public FeeApplicationHandler(Map<String, String> env, Clock clock) {
        super(NAME, DaggerFeeComponent.builder().awsModule(new AwsModule(Env.require(NAME, env, REQUIRED_ENV), clock)).build());
    }

    /** Tests: a service wired with fakes. */
    FeeApplicationHandler(FeeApplicationService service, SqsBatch batch) {
        super(service, batch);
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return batch.process(event, context, m -> service.apply(ActionMessage.Fee.parse(Json.parse(m.getBody()))));
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        String sample = Json.write(new ActionMessage.Fee("prime", "prime", Optional.empty(), Optional.empty(),
                LocalDate.of(2000, 1, 1), new BigDecimal("1.00"), "USD", Optional.empty()).toJson());
        Priming.warm(List.of("fee-action", "late-fee-applied"), List.of(sample), ActionMessage.Fee::parse);
    }
}
