package dunning.functions.payment;

import static dunning.aws.Setting.ALLOWED_EVENT_SOURCES;
import static dunning.aws.Setting.DEAD_LETTER_QUEUE_URL;
import static dunning.aws.Setting.EVALUATION_QUEUE_URL;
import static dunning.aws.Setting.STRIPE_API_KEY;
import static dunning.aws.Setting.STRIPE_API_URL;
import static dunning.aws.Setting.STRIPE_DEFAULT_AR_TERM;
import static dunning.aws.Setting.STRIPE_DEFAULT_TIME_ZONE;
import static dunning.aws.Setting.TABLE_NAME;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dunning.aws.Env;
import dunning.aws.Setting;
import dunning.aws.json.Json;
import dunning.aws.lambda.FunctionHandler;
import dunning.aws.wiring.AwsModule;
import java.time.Clock;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.crac.Resource;

/** PaymentEventsFunction: PaymentEventsQueue (EventBridge envelopes, parked-event retries) -> accounts, invoices, inbox + evaluation. */
public final class PaymentEventsHandler extends FunctionHandler<PaymentEventsService> implements RequestHandler<SQSEvent, SQSBatchResponse> {
    public static final String NAME = "PaymentEventsFunction";
    public static final Set<Setting> REQUIRED_ENV = EnumSet.of(TABLE_NAME, DEAD_LETTER_QUEUE_URL, EVALUATION_QUEUE_URL,
            ALLOWED_EVENT_SOURCES, STRIPE_DEFAULT_TIME_ZONE, STRIPE_DEFAULT_AR_TERM, STRIPE_API_KEY, STRIPE_API_URL);

    /** Lambda's constructor. */
    public PaymentEventsHandler() {
        this(System.getenv(), Clock.systemUTC());
    }

    /** The local runtime's and tests' constructor. */
    public PaymentEventsHandler(Map<String, String> env, Clock clock) {
        super(NAME, DaggerPaymentEventsComponent.builder().awsModule(new AwsModule(Env.require(NAME, env, REQUIRED_ENV), clock)).build());
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        Set<String> touched = new LinkedHashSet<>();
        SQSBatchResponse response = batch.process(event, context, m -> touched.addAll(service.accept(m.getBody())));
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
}
