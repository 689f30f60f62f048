package dunning.functions.evaluation;

import dagger.Module;
import dagger.Provides;
import dunning.aws.AwsClients;
import dunning.aws.Env;
import dunning.aws.dynamodb.DynamoPlans;
import dunning.aws.dynamodb.DynamoTable;
import dunning.aws.eventbridge.EventBridgePublisher;
import dunning.aws.eventbridge.EventPublisher;
import dunning.aws.sqs.QueueSender;
import dunning.aws.sqs.SqsQueueSender;
import java.time.Clock;
import javax.inject.Named;
import javax.inject.Singleton;

@Module
final class EvaluationModule {
    private EvaluationModule() {}

    @Provides
    @Singleton
    static AwsClients clients(Env env) {
        return new AwsClients(env);
    }

    @Provides
    @Singleton
    static DynamoTable table(AwsClients clients, Env env) {
        return new DynamoTable(clients.dynamoDb(), env.get("TABLE_NAME"));
    }

    @Provides
    @Singleton
    static DynamoPlans plans(DynamoTable table) {
        return new DynamoPlans(table);
    }

    @Provides
    @Singleton
    static QueueSender sender(AwsClients clients) {
        return new SqsQueueSender(clients.sqs());
    }

    @Provides
    @Singleton
    static EventPublisher events(AwsClients clients, Env env, Clock clock) {
        return new EventBridgePublisher(clients.eventBridge(), env.get("EVENT_BUS_NAME"), clock);
    }

    @Provides
    @Named("FEE_QUEUE_URL")
    static String feeQueue(Env env) {
        return env.get("FEE_QUEUE_URL");
    }

    @Provides
    @Named("NOTIFICATION_QUEUE_URL")
    static String notificationQueue(Env env) {
        return env.get("NOTIFICATION_QUEUE_URL");
    }

    @Provides
    @Named("STATUS_CHANGE_QUEUE_URL")
    static String statusQueue(Env env) {
        return env.get("STATUS_CHANGE_QUEUE_URL");
    }
}
