package dunning.functions.evaluation;

import dagger.BindsInstance;
import dagger.Component;
import dunning.aws.wiring.AwsModule;
import dunning.aws.wiring.FunctionComponent;
import dunning.aws.Env;
import java.time.Clock;
import javax.inject.Singleton;

/** Compile-time wiring of dunning-evaluation. */
@Singleton
@Component(modules = {AwsModule.class, EvaluationModule.class})
public interface EvaluationComponent extends FunctionComponent<EvaluationService> {
    @Component.Factory
    interface Factory {
        EvaluationComponent create(@BindsInstance Env env, @BindsInstance Clock clock);
    }
}
