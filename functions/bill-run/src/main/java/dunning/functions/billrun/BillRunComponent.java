package dunning.functions.billrun;

import dagger.BindsInstance;
import dagger.Component;
import dunning.aws.wiring.AwsModule;
import dunning.aws.wiring.FunctionComponent;
import dunning.aws.Env;
import java.time.Clock;
import javax.inject.Singleton;

/** Compile-time wiring of bill-run. */
@Singleton
@Component(modules = {AwsModule.class, BillRunModule.class})
public interface BillRunComponent extends FunctionComponent<BillRunService> {
    @Component.Factory
    interface Factory {
        BillRunComponent create(@BindsInstance Env env, @BindsInstance Clock clock);
    }
}
