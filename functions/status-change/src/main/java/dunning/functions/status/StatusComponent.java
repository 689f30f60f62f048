package dunning.functions.status;

import dagger.BindsInstance;
import dagger.Component;
import dunning.aws.wiring.AwsModule;
import dunning.aws.wiring.FunctionComponent;
import dunning.aws.Env;
import java.time.Clock;
import javax.inject.Singleton;

/** Compile-time wiring of status-change. */
@Singleton
@Component(modules = {AwsModule.class, StatusModule.class})
public interface StatusComponent extends FunctionComponent<StatusChangeService> {
    @Component.Factory
    interface Factory {
        StatusComponent create(@BindsInstance Env env, @BindsInstance Clock clock);
    }
}
