package dunning.functions.billrun;

import dagger.Module;
import dagger.Provides;
import dunning.aws.Env;
import dunning.aws.dynamodb.DynamoAccountDirectory;
import dunning.aws.dynamodb.DynamoInvoiceIssuer;
import dunning.aws.dynamodb.DynamoTable;
import dunning.aws.store.AccountDirectory;
import dunning.aws.store.InvoiceIssuer;
import javax.inject.Named;
import javax.inject.Singleton;

@Module
final class BillRunModule {
    private BillRunModule() {}

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
