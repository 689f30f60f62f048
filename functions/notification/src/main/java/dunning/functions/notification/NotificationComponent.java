package dunning.functions.notification;

import dagger.Component;
import dagger.Module;
import dagger.Provides;
import dunning.aws.Env;
import dunning.aws.Setting;
import dunning.aws.wiring.AwsModule;
import dunning.aws.wiring.FunctionComponent;
import dunning.aws.store.NoticeTemplates;
import javax.inject.Singleton;

/** Compile-time wiring of notification: the AWS side every function shares, plus the notice renderer over the templates in force. */
@Singleton
@Component(modules = {AwsModule.class, NotificationComponent.Renderer.class})
interface NotificationComponent extends FunctionComponent<NotificationService> {
    @Module
    final class Renderer {
        private Renderer() {}

        @Provides
        @Singleton
        static NoticeRenderer renderer(Env env, NoticeTemplates templates) {
            return new CatalogNoticeRenderer(templates, env.get(Setting.PAY_LINK_BASE_URL));
        }
    }
}
