package dunning.functions.fee;

import dagger.Module;
import dagger.Provides;
import dunning.aws.dynamodb.DynamoFeeLedger;
import dunning.aws.dynamodb.DynamoTable;
import dunning.aws.store.FeeLedger;
import java.time.Clock;
import javax.inject.Singleton;

@Module
final class FeeModule {
    private FeeModule() {}

    @Provides
    @Singleton
    static FeeLedger ledger(DynamoTable table, Clock clock) {
        return new DynamoFeeLedger(table, clock);
    }
}
