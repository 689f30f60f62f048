package dunning.functions.status;

import dagger.Component;
import dunning.aws.wiring.AwsModule;
import dunning.aws.wiring.FunctionComponent;
import javax.inject.Singleton;

/** Compile-time wiring of status-change: the AWS side every function shares. */
@Singleton
@Component(modules = AwsModule.class)
interface StatusComponent extends FunctionComponent<StatusChangeService> {}
