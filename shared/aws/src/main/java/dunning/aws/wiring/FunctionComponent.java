package dunning.aws.wiring;

import dunning.aws.lambda.DeadLetters;

/** What every function's Dagger component gives its handler: the service, and the DLQ its bad messages go to. */
public interface FunctionComponent<S> {
    S service();

    DeadLetters deadLetters();
}
