package dunning.functions.evaluation;

import static dunning.aws.Setting.DEAD_LETTER_QUEUE_URL;
import static dunning.aws.Setting.EVENT_BUS_NAME;
import static dunning.aws.Setting.FEE_QUEUE_URL;
import static dunning.aws.Setting.NOTIFICATION_QUEUE_URL;
import static dunning.aws.Setting.STATUS_CHANGE_QUEUE_URL;
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
import dunning.aws.messages.EvaluateAccount;
import dunning.aws.wiring.AwsModule;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.crac.Resource;

/** DunningEvaluationFunction: EvaluationQueue -> one evaluation per account message. */
public final class EvaluationHandler extends FunctionHandler<EvaluationService> implements RequestHandler<SQSEvent, SQSBatchResponse> {
    public static final String NAME = "DunningEvaluationFunction";
    public static final Set<Setting> REQUIRED_ENV = EnumSet.of(TABLE_NAME, DEAD_LETTER_QUEUE_URL, FEE_QUEUE_URL, NOTIFICATION_QUEUE_URL,
            STATUS_CHANGE_QUEUE_URL, EVENT_BUS_NAME);

    /** Lambda's constructor. */
    public EvaluationHandler() {
        this(System.getenv(), Clock.systemUTC());
    }

    /** The local runtime's and tests' constructor. */
    public EvaluationHandler(Map<String, String> env, Clock clock) {
        super(NAME, DaggerEvaluationComponent.builder().awsModule(new AwsModule(Env.require(NAME, env, REQUIRED_ENV), clock)).build());
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return batch.process(event, context, m -> service.evaluate(EvaluateAccount.parse(Json.parse(m.getBody())),
                m.getAttributes() != null && !"1".equals(m.getAttributes().getOrDefault("ApproximateReceiveCount", "1"))));
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        String sample = Json.write(new EvaluateAccount("prime", Optional.empty(), Optional.empty()).toJson());
        Priming.warm(List.of("evaluate-account", "fee-action", "notification-action", "status-action"), List.of(sample),
                EvaluateAccount::parse);
    }
}
