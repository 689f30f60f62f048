package dunning.functions.evaluation;

import dagger.Component;
import dunning.aws.wiring.AwsModule;
import dunning.aws.wiring.FunctionComponent;
import javax.inject.Singleton;

/** Compile-time wiring of dunning-evaluation: the AWS side every function shares. */
@Singleton
@Component(modules = AwsModule.class)
interface EvaluationComponent extends FunctionComponent<EvaluationService> {}
