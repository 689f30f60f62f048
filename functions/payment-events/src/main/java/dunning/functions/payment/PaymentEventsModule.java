package dunning.functions.payment;

import dagger.Module;
import dagger.Provides;
import dunning.aws.Env;
import dunning.aws.dynamodb.DynamoAccountDirectory;
import dunning.aws.dynamodb.DynamoPaymentInbox;
import dunning.aws.dynamodb.DynamoTable;
import dunning.aws.store.AccountDirectory;
import dunning.aws.store.PaymentInbox;
import javax.inject.Named;
import javax.inject.Singleton;

@Module
final class PaymentEventsModule {
    private PaymentEventsModule() {}

    @Provides
    @Singleton
    static AccountDirectory directory(DynamoTable table) {
        return new DynamoAccountDirectory(table);
    }

    @Provides
    @Singleton
    static PaymentInbox inbox(DynamoTable table) {
        return new DynamoPaymentInbox(table);
    }

    @Provides
    @Named("EVALUATION_QUEUE_URL")
    static String evaluationQueue(Env env) {
        return env.get("EVALUATION_QUEUE_URL");
    }
}
