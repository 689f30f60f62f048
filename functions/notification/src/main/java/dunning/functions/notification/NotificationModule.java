package dunning.functions.notification;

import dagger.Module;
import dagger.Provides;
import dunning.aws.AwsClients;
import dunning.aws.Env;
import dunning.aws.dynamodb.DynamoNoticeLog;
import dunning.aws.dynamodb.DynamoTable;
import dunning.aws.eventbridge.EventBridgePublisher;
import dunning.aws.eventbridge.EventPublisher;
import dunning.aws.ses.Mailer;
import dunning.aws.ses.SesMailer;
import dunning.aws.store.NoticeLog;
import dunning.domain.notice.NoticeCatalog;
import java.time.Clock;
import javax.inject.Named;
import javax.inject.Singleton;

@Module
final class NotificationModule {
    private NotificationModule() {}

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
    static NoticeLog log(DynamoTable table, Clock clock) {
        return new DynamoNoticeLog(table, clock);
    }

    @Provides
    @Singleton
    static NoticeRenderer renderer(Env env) {
        return new CatalogNoticeRenderer(NoticeCatalog.standard(), env.get("PAY_LINK_BASE_URL"));
    }

    @Provides
    @Singleton
    static Mailer mailer(AwsClients clients) {
        return new SesMailer(clients.sesV2());
    }

    @Provides
    @Singleton
    static EventPublisher events(AwsClients clients, Env env, Clock clock) {
        return new EventBridgePublisher(clients.eventBridge(), env.get("EVENT_BUS_NAME"), clock);
    }

    @Provides
    @Named("SENDER_EMAIL")
    static String sender(Env env) {
        return env.get("SENDER_EMAIL");
    }
}
