package dunning.functions.notification;

import dagger.BindsInstance;
import dagger.Component;
import dunning.aws.Env;
import java.time.Clock;
import javax.inject.Singleton;

/** Compile-time wiring of notification. */
@Singleton
@Component(modules = NotificationModule.class)
public interface NotificationComponent {
    NotificationService service();

    @Component.Factory
    interface Factory {
        NotificationComponent create(@BindsInstance Env env, @BindsInstance Clock clock);
    }
}
