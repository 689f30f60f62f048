package dunning.domain.port;

import dunning.domain.engine.Effect;
import java.util.List;

/**
 * Hands committed effects to whatever carries them out (worker queues, the event bus). Called
 * after the commit, and again for effects an earlier run committed but may not have handed over:
 * carrying an effect out is idempotent on its key, so a second hand-over does nothing twice.
 */
public interface EffectDispatcher {
    void dispatch(String accountId, List<Effect> effects);
}
