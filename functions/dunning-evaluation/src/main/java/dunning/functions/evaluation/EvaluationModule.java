package dunning.functions.evaluation;

import dagger.Module;
import dagger.Provides;
import dunning.aws.Env;
import dunning.aws.dynamodb.DynamoAccountBook;
import dunning.aws.dynamodb.DynamoPlanCatalog;
import dunning.aws.dynamodb.DynamoTable;
import dunning.aws.effects.QueueEffectDispatcher;
import dunning.aws.eventbridge.EventPublisher;
import dunning.aws.sqs.QueueSender;
import dunning.domain.engine.Evaluation;
import java.time.Clock;
import javax.inject.Singleton;

@Module
final class EvaluationModule {
    private EvaluationModule() {}

    @Provides
    @Singleton
    static DynamoPlanCatalog plans(DynamoTable table, Clock clock) {
        return new DynamoPlanCatalog(table, clock);
    }

    @Provides
    @Singleton
    static Evaluation evaluation(DynamoTable table, DynamoPlanCatalog plans, QueueSender sender, EventPublisher events, Env env,
                                 Clock clock) {
        QueueEffectDispatcher dispatcher = new QueueEffectDispatcher(sender, events, table, clock, env.get("FEE_QUEUE_URL"),
                env.get("NOTIFICATION_QUEUE_URL"), env.get("STATUS_CHANGE_QUEUE_URL"));
        return new Evaluation(new DynamoAccountBook(table, plans, clock), plans, dispatcher, clock);
    }
}
