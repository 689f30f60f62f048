package dunning.functions.evaluation;

import dagger.Module;
import dagger.Provides;
import dunning.aws.AwsClients;
import dunning.aws.Env;
import dunning.aws.dynamodb.DynamoAccountBook;
import dunning.aws.dynamodb.DynamoPlanCatalog;
import dunning.aws.dynamodb.DynamoTable;
import dunning.aws.effects.QueueEffectDispatcher;
import dunning.aws.eventbridge.EventBridgePublisher;
import dunning.aws.sqs.SqsQueueSender;
import dunning.domain.engine.Evaluation;
import java.time.Clock;
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
    static DynamoPlanCatalog plans(DynamoTable table, Clock clock) {
        return new DynamoPlanCatalog(table, clock);
    }

    @Provides
    @Singleton
    static Evaluation evaluation(DynamoTable table, DynamoPlanCatalog plans, AwsClients clients, Env env, Clock clock) {
        QueueEffectDispatcher dispatcher = new QueueEffectDispatcher(new SqsQueueSender(clients.sqs()),
                new EventBridgePublisher(clients.eventBridge(), env.get("EVENT_BUS_NAME"), clock), table, clock,
                env.get("FEE_QUEUE_URL"), env.get("NOTIFICATION_QUEUE_URL"), env.get("STATUS_CHANGE_QUEUE_URL"));
        return new Evaluation(new DynamoAccountBook(table, plans, clock), plans, dispatcher, clock);
    }
}
