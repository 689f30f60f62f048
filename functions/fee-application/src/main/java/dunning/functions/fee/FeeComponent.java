package dunning.functions.fee;

import dagger.BindsInstance;
import dagger.Component;
import dunning.aws.Env;
import java.time.Clock;
import javax.inject.Singleton;

/** Compile-time wiring of fee-application. */
@Singleton
@Component(modules = FeeModule.class)
public interface FeeComponent {
    FeeApplicationService service();

    @Component.Factory
    interface Factory {
        FeeComponent create(@BindsInstance Env env, @BindsInstance Clock clock);
    }
}
