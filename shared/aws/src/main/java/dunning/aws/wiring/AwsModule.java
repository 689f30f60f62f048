package dunning.aws.wiring;

import dagger.Module;
import dagger.Provides;
import dunning.aws.AwsClients;
import dunning.aws.Env;
import dunning.aws.dynamodb.DynamoTable;
import dunning.aws.eventbridge.EventBridgePublisher;
import dunning.aws.eventbridge.EventPublisher;
import dunning.aws.lambda.DeadLetters;
import dunning.aws.ses.Mailer;
import dunning.aws.ses.SesMailer;
import dunning.aws.sqs.QueueSender;
import dunning.aws.sqs.SqsDeadLetters;
import dunning.aws.sqs.SqsQueueSender;
import java.time.Clock;
import javax.inject.Singleton;

/**
 * The AWS side every function shares, wired once: the SDK clients (built lazily, so a function whose
 * jar lacks a service never loads its classes: Dagger only calls what a component uses), the table,
 * the queue sender, the event publisher, the mailer and the function's DLQ. Each function's own
 * module adds only its adapters.
 */
@Module
public final class AwsModule {
    public static final String TABLE_NAME = "TABLE_NAME";
    public static final String EVENT_BUS_NAME = "EVENT_BUS_NAME";
    public static final String DEAD_LETTER_QUEUE_URL = "DEAD_LETTER_QUEUE_URL";

    private AwsModule() {}

    @Provides
    @Singleton
    static AwsClients clients(Env env) {
        return new AwsClients(env);
    }

    @Provides
    @Singleton
    static DynamoTable table(AwsClients clients, Env env) {
        return new DynamoTable(clients.dynamoDb(), env.get(TABLE_NAME));
    }

    @Provides
    @Singleton
    static QueueSender sender(AwsClients clients) {
        return new SqsQueueSender(clients.sqs());
    }

    @Provides
    @Singleton
    static EventPublisher events(AwsClients clients, Env env, Clock clock) {
        return new EventBridgePublisher(clients.eventBridge(), env.get(EVENT_BUS_NAME), clock);
    }

    @Provides
    @Singleton
    static Mailer mailer(AwsClients clients) {
        return new SesMailer(clients.sesV2());
    }

    @Provides
    @Singleton
    static DeadLetters deadLetters(AwsClients clients, Env env) {
        return new SqsDeadLetters(clients::sqs, env.get(DEAD_LETTER_QUEUE_URL));
    }
}
