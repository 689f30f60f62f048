package dunning.functions.billrun;

import dagger.Component;
import dunning.aws.wiring.AwsModule;
import dunning.aws.wiring.FunctionComponent;
import javax.inject.Singleton;

/** Compile-time wiring of bill-run: the AWS side every function shares. */
@Singleton
@Component(modules = AwsModule.class)
interface BillRunComponent extends FunctionComponent<BillRunService> {}
