package dunning.functions.payment;

import dagger.BindsInstance;
import dagger.Component;
import dunning.aws.Env;
import java.time.Clock;
import javax.inject.Singleton;

/** Compile-time wiring of payment-events. */
@Singleton
@Component(modules = PaymentEventsModule.class)
public interface PaymentEventsComponent {
    PaymentEventsService service();

    @Component.Factory
    interface Factory {
        PaymentEventsComponent create(@BindsInstance Env env, @BindsInstance Clock clock);
    }
}
