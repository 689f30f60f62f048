package dunning.functions.status;

import dagger.Module;
import dagger.Provides;
import dunning.aws.dynamodb.DynamoAccountStatusStore;
import dunning.aws.dynamodb.DynamoTable;
import dunning.aws.store.AccountStatusStore;
import java.time.Clock;
import javax.inject.Singleton;

@Module
final class StatusModule {
    private StatusModule() {}

    @Provides
    @Singleton
    static AccountStatusStore store(DynamoTable table, Clock clock) {
        return new DynamoAccountStatusStore(table, clock);
    }
}
