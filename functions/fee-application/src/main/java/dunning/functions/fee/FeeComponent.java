package dunning.functions.fee;

import dagger.Component;
import dunning.aws.wiring.AwsModule;
import dunning.aws.wiring.FunctionComponent;
import javax.inject.Singleton;

/** Compile-time wiring of fee-application: the AWS side every function shares. */
@Singleton
@Component(modules = AwsModule.class)
interface FeeComponent extends FunctionComponent<FeeApplicationService> {}
