package dunning.functions.payment;

import dagger.Component;
import dunning.aws.wiring.AwsModule;
import dunning.aws.wiring.FunctionComponent;
import javax.inject.Singleton;

/** Compile-time wiring of payment-events: the AWS side every function shares. */
@Singleton
@Component(modules = AwsModule.class)
interface PaymentEventsComponent extends FunctionComponent<PaymentEventsService> {}
