package dunning.aws.wiring;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dunning.aws.AwsClients;
import dunning.aws.Env;
import dunning.aws.Setting;
import dunning.aws.dynamodb.DynamoAccountBook;
import dunning.aws.dynamodb.DynamoAccountDirectory;
import dunning.aws.dynamodb.DynamoAccountStatusStore;
import dunning.aws.dynamodb.DynamoBillingRecords;
import dunning.aws.dynamodb.DynamoFeeLedger;
import dunning.aws.dynamodb.DynamoInvoiceIssuer;
import dunning.aws.dynamodb.DynamoNoticeLog;
import dunning.aws.dynamodb.DynamoNoticeTemplates;
import dunning.aws.dynamodb.DynamoParkedEvents;
import dunning.aws.dynamodb.DynamoPaymentInbox;
import dunning.aws.dynamodb.DynamoPlanCatalog;
import dunning.aws.dynamodb.DynamoStripeObjects;
import dunning.aws.dynamodb.DynamoTable;
import dunning.aws.effects.QueueEffectDispatcher;
import dunning.aws.eventbridge.EventBridgePublisher;
import dunning.aws.eventbridge.EventPublisher;
import dunning.aws.events.PaymentEventReader;
import dunning.aws.lambda.DeadLetters;
import dunning.aws.ses.Mailer;
import dunning.aws.ses.SesMailer;
import dunning.aws.sqs.QueueSender;
import dunning.aws.sqs.SqsDeadLetters;
import dunning.aws.sqs.SqsQueueSender;
import dunning.aws.store.AccountDirectory;
import dunning.aws.store.AccountStatusStore;
import dunning.aws.store.BillingRecords;
import dunning.aws.store.FeeLedger;
import dunning.aws.store.InvoiceIssuer;
import dunning.aws.store.NoticeLog;
import dunning.aws.store.NoticeTemplates;
import dunning.aws.store.ParkedEvents;
import dunning.aws.store.PaymentInbox;
import dunning.aws.store.StripeObjects;
import dunning.aws.stripe.InvoicePayments;
import dunning.aws.stripe.StripeInvoicePaymentsClient;
import dunning.domain.engine.Evaluation;
import java.time.Clock;
import javax.inject.Named;
import javax.inject.Singleton;

/**
 * The AWS side of every function, wired once: the SDK clients, the table, the queue sender, the event
 * publisher, the mailer, the function's DLQ and every adapter of the domain's and the workers' ports.
 * A function's component names only its service; Dagger generates code for what that service
 * reaches and nothing else, so a function whose jar lacks a service (SES, EventBridge) never loads
 * its classes, and the clients are built lazily on first use. The environment and the clock are this module's instance (the
 * handler's constructor gives them), so a function's component needs no factory of its own.
 */
@Module(includes = AwsModule.Adapters.class)
public final class AwsModule {
    private final Env env;
    private final Clock clock;

    /** @param env the function's environment, already checked for what it requires */
    public AwsModule(Env env, Clock clock) {
        this.env = env;
        this.clock = clock;
    }

    @Provides
    Env env() {
        return env;
    }

    @Provides
    Clock clock() {
        return clock;
    }

    @Provides
    @Singleton
    static AwsClients clients(Env env) {
        return new AwsClients(env);
    }

    @Provides
    @Singleton
    static DynamoTable table(AwsClients clients, Env env) {
        return new DynamoTable(clients.dynamoDb(), env.get(Setting.TABLE_NAME));
    }

    @Provides
    @Singleton
    static QueueSender sender(AwsClients clients) {
        return new SqsQueueSender(clients.sqs());
    }

    @Provides
    @Singleton
    static EventPublisher events(AwsClients clients, Env env, Clock clock) {
        return new EventBridgePublisher(clients.eventBridge(), env.get(Setting.EVENT_BUS_NAME), clock);
    }

    @Provides
    @Singleton
    static Mailer mailer(AwsClients clients) {
        return new SesMailer(clients.sesV2());
    }

    @Provides
    @Singleton
    static DeadLetters deadLetters(AwsClients clients, Env env) {
        return new SqsDeadLetters(clients::sqs, env.get(Setting.DEAD_LETTER_QUEUE_URL));
    }

    /** Stripe's InvoicePayment lookup: only with a Stripe secret key (STRIPE_API_KEY, "none" without one). */
    @Provides
    @Singleton
    static InvoicePayments invoicePayments(Env env) {
        return StripeInvoicePaymentsClient.of(env.find(Setting.STRIPE_API_KEY), env.find(Setting.STRIPE_API_URL).orElse("https://api.stripe.com"));
    }

    /** The domain's evaluation over the DynamoDB book, its effects sent to the workers' queues and the bus. */
    @Provides
    @Singleton
    static Evaluation evaluation(DynamoTable table, DynamoPlanCatalog plans, QueueSender sender, EventPublisher events, Env env,
                                 Clock clock) {
        QueueEffectDispatcher dispatcher = new QueueEffectDispatcher(sender, events, table, clock, env.get(Setting.FEE_QUEUE_URL),
                env.get(Setting.NOTIFICATION_QUEUE_URL), env.get(Setting.STATUS_CHANGE_QUEUE_URL));
        return new Evaluation(new DynamoAccountBook(table, plans, clock), plans, dispatcher, clock);
    }

    /** payment-events' reader: the exact sources it takes (ALLOWED_EVENT_SOURCES), each for its own detail-types. */
    @Provides
    @Singleton
    static PaymentEventReader eventReader(Env env) {
        return new PaymentEventReader(env.get(Setting.ALLOWED_EVENT_SOURCES));
    }

    /** A Stripe customer's time zone when its metadata names none (template parameter StripeDefaultTimeZone). */
    @Provides
    @Named("STRIPE_DEFAULT_TIME_ZONE")
    static String stripeDefaultTimeZone(Env env) {
        return env.get(Setting.STRIPE_DEFAULT_TIME_ZONE);
    }

    /** A Stripe customer's AR term when its metadata names none (template parameter StripeDefaultArTerm). */
    @Provides
    @Named("STRIPE_DEFAULT_AR_TERM")
    static String stripeDefaultArTerm(Env env) {
        return env.get(Setting.STRIPE_DEFAULT_AR_TERM);
    }

    /** Where the functions that start an evaluation send it. */
    @Provides
    @Named("EVALUATION_QUEUE_URL")
    static String evaluationQueue(Env env) {
        return env.get(Setting.EVALUATION_QUEUE_URL);
    }

    @Provides
    @Named("PAYMENT_EVENTS_QUEUE_URL")
    static String paymentEventsQueue(Env env) {
        return env.get(Setting.PAYMENT_EVENTS_QUEUE_URL);
    }

    @Provides
    @Named("BILL_RUN_QUEUE_URL")
    static String billRunQueue(Env env) {
        return env.get(Setting.BILL_RUN_QUEUE_URL);
    }

    @Provides
    @Named("SENDER_EMAIL")
    static String senderEmail(Env env) {
        return env.get(Setting.SENDER_EMAIL);
    }

    /**
     * The table's adapters of the ports: each is an {@code @Inject} constructor of its own
     * (table, and the clock where it stamps), so a new adapter is one line here.
     */
    @Module
    interface Adapters {
        /** Profiles and invoices as the bill run and the payment events read them. */
        @Binds
        AccountDirectory directory(DynamoAccountDirectory directory);

        @Binds
        InvoiceIssuer issuer(DynamoInvoiceIssuer issuer);

        @Binds
        PaymentInbox inbox(DynamoPaymentInbox inbox);

        /** Accounts and invoices as every way in writes them (the billing events, Stripe, the import). */
        @Binds
        BillingRecords billingRecords(DynamoBillingRecords records);

        @Binds
        ParkedEvents parked(DynamoParkedEvents parked);

        @Binds
        StripeObjects stripeObjects(DynamoStripeObjects objects);

        @Binds
        FeeLedger ledger(DynamoFeeLedger ledger);

        @Binds
        AccountStatusStore statuses(DynamoAccountStatusStore statuses);

        @Binds
        NoticeLog notices(DynamoNoticeLog notices);

        @Binds
        NoticeTemplates templates(DynamoNoticeTemplates templates);
    }
}
