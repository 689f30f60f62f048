package dunning.functions.payment;

import dagger.BindsInstance;
import dagger.Component;
import dunning.aws.wiring.AwsModule;
import dunning.aws.wiring.FunctionComponent;
import dunning.aws.Env;
import java.time.Clock;
import javax.inject.Singleton;

/** Compile-time wiring of payment-events. */
@Singleton
@Component(modules = {AwsModule.class, PaymentEventsModule.class})
public interface PaymentEventsComponent extends FunctionComponent<PaymentEventsService> {
    @Component.Factory
    interface Factory {
        PaymentEventsComponent create(@BindsInstance Env env, @BindsInstance Clock clock);
    }
}
