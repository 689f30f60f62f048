package dunning.functions.payment;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dunning.aws.Env;
import dunning.aws.events.PaymentEventReader;
import dunning.aws.json.Json;
import dunning.aws.lambda.SqsBatch;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.crac.Core;
import org.crac.Resource;

/** PaymentEventsFunction: PaymentEventsQueue (EventBridge envelopes) -> payment inbox + evaluation. */
public final class PaymentEventsHandler implements RequestHandler<SQSEvent, SQSBatchResponse>, Resource {
    public static final String NAME = "PaymentEventsFunction";
    public static final Set<String> REQUIRED_ENV = Set.of("TABLE_NAME", "DEAD_LETTER_QUEUE_URL", "EVALUATION_QUEUE_URL", "ALLOWED_EVENT_SOURCES");

    private final PaymentEventsService service;
    private final PaymentEventReader reader;
    private final SqsBatch batch;

    /** Lambda's constructor. */
    public PaymentEventsHandler() {
        this(System.getenv(), Clock.systemUTC());
    }

    /** The local runtime's and tests' constructor. */
    public PaymentEventsHandler(Map<String, String> env, Clock clock) {
        this(DaggerPaymentEventsComponent.factory().create(Env.require(NAME, env, REQUIRED_ENV), clock),
                new PaymentEventReader(env.get("ALLOWED_EVENT_SOURCES")));
        Core.getGlobalContext().register(this);
    }

    private PaymentEventsHandler(PaymentEventsComponent component, PaymentEventReader reader) {
        this(component.service(), reader, new SqsBatch(NAME, component.deadLetters()));
    }

    /** Tests: a service wired with fakes. */
    PaymentEventsHandler(PaymentEventsService service, PaymentEventReader reader) {
        this(service, reader, SqsBatch.withoutDeadLetters(NAME));
    }

    PaymentEventsHandler(PaymentEventsService service, PaymentEventReader reader, SqsBatch batch) {
        this.service = service;
        this.batch = batch;
        this.reader = reader;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        Set<String> touched = new LinkedHashSet<>();
        SQSBatchResponse response = batch.process(event, context,
                m -> touched.add(service.accept(reader.readInbound(Json.parse(m.getBody())))));
        // if this send fails the whole batch is retried; the payments are already recorded once
        service.queueEvaluations(touched);
        return response;
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        String sample = "{\"version\":\"0\",\"id\":\"prime\",\"detail-type\":\"Payment Succeeded\",\"source\":\"prime\","
                + "\"time\":\"2000-01-01T00:00:00Z\",\"detail\":{}}";
        Json.parse(sample);
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // nothing captured before the checkpoint needs refreshing
    }
}
