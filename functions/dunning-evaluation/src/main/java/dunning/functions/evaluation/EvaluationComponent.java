package dunning.functions.evaluation;

import dagger.BindsInstance;
import dagger.Component;
import dunning.aws.Env;
import java.time.Clock;
import javax.inject.Singleton;

/** Compile-time wiring of dunning-evaluation. */
@Singleton
@Component(modules = EvaluationModule.class)
public interface EvaluationComponent {
    EvaluationService service();

    @Component.Factory
    interface Factory {
        EvaluationComponent create(@BindsInstance Env env, @BindsInstance Clock clock);
    }
}
