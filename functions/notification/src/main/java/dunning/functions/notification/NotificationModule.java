package dunning.functions.notification;

import dagger.Module;
import dagger.Provides;
import dunning.aws.Env;
import dunning.aws.dynamodb.DynamoNoticeLog;
import dunning.aws.dynamodb.DynamoTable;
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
    static NoticeLog log(DynamoTable table, Clock clock) {
        return new DynamoNoticeLog(table, clock);
    }

    @Provides
    @Singleton
    static NoticeRenderer renderer(Env env) {
        return new CatalogNoticeRenderer(NoticeCatalog.standard(), env.get("PAY_LINK_BASE_URL"));
    }

    @Provides
    @Named("SENDER_EMAIL")
    static String sender(Env env) {
        return env.get("SENDER_EMAIL");
    }
}
