package dunning.local.faults;

/**
 * The execution environment dying mid-invocation (out of memory, a killed process, a timeout):
 * an {@link Error}, so the code under test does not catch it as it would an exception. The local
 * runtime treats it as Lambda treats a crashed environment: the batch is neither deleted nor
 * reported, and the handler instance is thrown away.
 */
public final class SimulatedCrash extends Error {
    public SimulatedCrash(String message) {
        super(message, null, false, false);
    }
}
