package dunning.functions.notification;

import dagger.BindsInstance;
import dagger.Component;
import dunning.aws.wiring.AwsModule;
import dunning.aws.wiring.FunctionComponent;
import dunning.aws.Env;
import java.time.Clock;
import javax.inject.Singleton;

/** Compile-time wiring of notification. */
@Singleton
@Component(modules = {AwsModule.class, NotificationModule.class})
public interface NotificationComponent extends FunctionComponent<NotificationService> {
    @Component.Factory
    interface Factory {
        NotificationComponent create(@BindsInstance Env env, @BindsInstance Clock clock);
    }
}
