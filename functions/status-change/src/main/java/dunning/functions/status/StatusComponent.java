package dunning.functions.status;

import dagger.BindsInstance;
import dagger.Component;
import dunning.aws.Env;
import java.time.Clock;
import javax.inject.Singleton;

/** Compile-time wiring of status-change. */
@Singleton
@Component(modules = StatusModule.class)
public interface StatusComponent {
    StatusChangeService service();

    @Component.Factory
    interface Factory {
        StatusComponent create(@BindsInstance Env env, @BindsInstance Clock clock);
    }
}
