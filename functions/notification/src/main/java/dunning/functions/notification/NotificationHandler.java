package dunning.functions.notification;

import static dunning.aws.Setting.DEAD_LETTER_QUEUE_URL;
import static dunning.aws.Setting.EVENT_BUS_NAME;
import static dunning.aws.Setting.PAY_LINK_BASE_URL;
import static dunning.aws.Setting.SENDER_EMAIL;
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
import dunning.domain.notice.NoticeCatalog;
import java.time.Clock;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.crac.Resource;

/** NotificationFunction: NotificationQueue -> one email (SES v2) per action record. */
public final class NotificationHandler extends FunctionHandler<NotificationService> implements RequestHandler<SQSEvent, SQSBatchResponse> {
    public static final String NAME = "NotificationFunction";
    public static final Set<Setting> REQUIRED_ENV = EnumSet.of(TABLE_NAME, DEAD_LETTER_QUEUE_URL, EVENT_BUS_NAME, SENDER_EMAIL,
            PAY_LINK_BASE_URL);

    /** Lambda's constructor. */
    public NotificationHandler() {
        this(System.getenv(), Clock.systemUTC());
    }

    /** The local runtime's and tests' constructor. */
    public NotificationHandler(Map<String, String> env, Clock clock) {
        super(NAME, DaggerNotificationComponent.builder().awsModule(new AwsModule(Env.require(NAME, env, REQUIRED_ENV), clock)).build());
    }

    /** Tests: a service wired with fakes. */
    NotificationHandler(NotificationService service, SqsBatch batch) {
        super(service, batch);
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return batch.process(event, context, m -> service.send(ActionMessage.Notification.parse(Json.parse(m.getBody()))));
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        String sample = Json.write(new ActionMessage.Notification("prime", "prime", Optional.empty(), Optional.empty(),
                LocalDate.of(2000, 1, 1), "first-reminder", Optional.empty(), Optional.empty(), Optional.empty()).toJson());
        Priming.warm(List.of("notification-action", "dunning-notice-sent"), List.of(sample), ActionMessage.Notification::parse);
        NoticeCatalog.standard().templates(); // loads and checks every template once
    }
}
