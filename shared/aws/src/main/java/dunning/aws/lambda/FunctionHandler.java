package dunning.aws.lambda;

import dunning.aws.wiring.FunctionComponent;
import org.crac.Core;
import org.crac.Resource;

/**
 * What every function's handler shares: its service, its batch semantics (each record fails alone;
 * a bad one reaches the DLQ with its reason) and its place in SnapStart's checkpoint. A handler adds
 * only how it reads a record and what it primes before the snapshot.
 */
public abstract class FunctionHandler<S> implements Resource {
    protected final S service;
    protected final SqsBatch batch;

    /** Lambda's and the local runtime's path: the function's wired graph, registered for the checkpoint. */
    protected FunctionHandler(String name, FunctionComponent<S> graph) {
        this(graph.service(), new SqsBatch(name, graph.deadLetters()));
        Core.getGlobalContext().register(this);
    }

    /** Tests: a service wired with fakes. */
    protected FunctionHandler(S service, SqsBatch batch) {
        this.service = service;
        this.batch = batch;
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // nothing captured before the checkpoint needs refreshing: credentials come from the
        // container endpoint on each signing (AwsClients), the clock is read on each use
    }
}
