package dunning.functions.fee;

import dagger.BindsInstance;
import dagger.Component;
import dunning.aws.wiring.AwsModule;
import dunning.aws.wiring.FunctionComponent;
import dunning.aws.Env;
import java.time.Clock;
import javax.inject.Singleton;

/** Compile-time wiring of fee-application. */
@Singleton
@Component(modules = {AwsModule.class, FeeModule.class})
public interface FeeComponent extends FunctionComponent<FeeApplicationService> {
    @Component.Factory
    interface Factory {
        FeeComponent create(@BindsInstance Env env, @BindsInstance Clock clock);
    }
}
