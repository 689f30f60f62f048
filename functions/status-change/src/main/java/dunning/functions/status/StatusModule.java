package dunning.functions.status;

import dagger.Module;
import dagger.Provides;
import dunning.aws.AwsClients;
import dunning.aws.Env;
import dunning.aws.dynamodb.DynamoAccountStatusStore;
import dunning.aws.dynamodb.DynamoTable;
import dunning.aws.eventbridge.EventBridgePublisher;
import dunning.aws.eventbridge.EventPublisher;
import dunning.aws.store.AccountStatusStore;
import java.time.Clock;
import javax.inject.Singleton;

@Module
final class StatusModule {
    private StatusModule() {}

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
    static AccountStatusStore store(DynamoTable table, Clock clock) {
        return new DynamoAccountStatusStore(table, clock);
    }

    @Provides
    @Singleton
    static EventPublisher events(AwsClients clients, Env env, Clock clock) {
        return new EventBridgePublisher(clients.eventBridge(), env.get("EVENT_BUS_NAME"), clock);
    }
}
