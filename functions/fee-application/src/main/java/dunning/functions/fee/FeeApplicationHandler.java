package dunning.functions.fee;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dunning.aws.Env;
import dunning.aws.json.Json;
import dunning.aws.lambda.Priming;
import dunning.aws.lambda.SqsBatch;
import dunning.aws.messages.ActionMessage;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.crac.Core;
import org.crac.Resource;

/** FeeApplicationFunction: FeeQueue -> one late fee per action record. */
public final class FeeApplicationHandler implements RequestHandler<SQSEvent, SQSBatchResponse>, Resource {
    public static final String NAME = "FeeApplicationFunction";
    public static final Set<String> REQUIRED_ENV = Set.of("TABLE_NAME", "DEAD_LETTER_QUEUE_URL", "EVENT_BUS_NAME");

    private final FeeApplicationService service;
    private final SqsBatch batch;

    /** Lambda's constructor. */
    public FeeApplicationHandler() {
        this(System.getenv(), Clock.systemUTC());
    }

    /** The local runtime's and tests' constructor. */
    public FeeApplicationHandler(Map<String, String> env, Clock clock) {
        this(DaggerFeeComponent.factory().create(Env.require(NAME, env, REQUIRED_ENV), clock));
        Core.getGlobalContext().register(this);
    }

    private FeeApplicationHandler(FeeComponent component) {
        this(component.service(), new SqsBatch(NAME, component.deadLetters()));
    }

    /** Tests: a service wired with fakes. */
    FeeApplicationHandler(FeeApplicationService service) {
        this(service, SqsBatch.withoutDeadLetters(NAME));
    }

    FeeApplicationHandler(FeeApplicationService service, SqsBatch batch) {
        this.service = service;
        this.batch = batch;
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

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // nothing captured before the checkpoint needs refreshing
    }
}
