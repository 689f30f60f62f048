package dunning.functions.billrun;

import dagger.BindsInstance;
import dagger.Component;
import dunning.aws.Env;
import java.time.Clock;
import javax.inject.Singleton;

/** Compile-time wiring of bill-run. */
@Singleton
@Component(modules = BillRunModule.class)
public interface BillRunComponent {
    BillRunService service();

    @Component.Factory
    interface Factory {
        BillRunComponent create(@BindsInstance Env env, @BindsInstance Clock clock);
    }
}
