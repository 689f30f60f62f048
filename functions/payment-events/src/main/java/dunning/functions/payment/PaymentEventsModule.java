package dunning.functions.payment;

import dagger.Module;
import dagger.Provides;
import dunning.aws.AwsClients;
import dunning.aws.Env;
import dunning.aws.dynamodb.DynamoAccountDirectory;
import dunning.aws.dynamodb.DynamoPaymentInbox;
import dunning.aws.dynamodb.DynamoTable;
import dunning.aws.sqs.QueueSender;
import dunning.aws.sqs.SqsQueueSender;
import dunning.aws.store.AccountDirectory;
import dunning.aws.store.PaymentInbox;
import javax.inject.Named;
import javax.inject.Singleton;

@Module
final class PaymentEventsModule {
    private PaymentEventsModule() {}

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
    static AccountDirectory directory(DynamoTable table) {
        return new DynamoAccountDirectory(table);
    }

    @Provides
    @Singleton
    static PaymentInbox inbox(DynamoTable table) {
        return new DynamoPaymentInbox(table);
    }

    @Provides
    @Singleton
    static QueueSender sender(AwsClients clients) {
        return new SqsQueueSender(clients.sqs());
    }

    @Provides
    @Named("EVALUATION_QUEUE_URL")
    static String evaluationQueue(Env env) {
        return env.get("EVALUATION_QUEUE_URL");
    }
}
