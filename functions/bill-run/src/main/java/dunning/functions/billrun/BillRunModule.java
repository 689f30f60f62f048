package dunning.functions.billrun;

import dagger.Module;
import dagger.Provides;
import dunning.aws.AwsClients;
import dunning.aws.Env;
import dunning.aws.dynamodb.DynamoAccountDirectory;
import dunning.aws.dynamodb.DynamoInvoiceIssuer;
import dunning.aws.dynamodb.DynamoTable;
import dunning.aws.sqs.QueueSender;
import dunning.aws.sqs.SqsQueueSender;
import dunning.aws.store.AccountDirectory;
import dunning.aws.store.InvoiceIssuer;
import javax.inject.Named;
import javax.inject.Singleton;

@Module
final class BillRunModule {
    private BillRunModule() {}

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
    static InvoiceIssuer issuer(DynamoTable table) {
        return new DynamoInvoiceIssuer(table);
    }

    @Provides
    @Singleton
    static QueueSender sender(AwsClients clients) {
        return new SqsQueueSender(clients.sqs());
    }

    @Provides
    @Named("BILL_RUN_QUEUE_URL")
    static String billRunQueue(Env env) {
        return env.get("BILL_RUN_QUEUE_URL");
    }

    @Provides
    @Named("EVALUATION_QUEUE_URL")
    static String evaluationQueue(Env env) {
        return env.get("EVALUATION_QUEUE_URL");
    }
}
