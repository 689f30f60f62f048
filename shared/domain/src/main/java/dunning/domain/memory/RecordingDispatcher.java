package dunning.domain.memory;

import dunning.domain.engine.Effect;
import dunning.domain.port.EffectDispatcher;
import java.util.ArrayList;
import java.util.List;

/** Carries effects out by keeping them: what the scenario runner compares with a scenario's {@code expect}. */
public final class RecordingDispatcher implements EffectDispatcher {
    private final List<Effect> carriedOut = new ArrayList<>();

    @Override
    public synchronized void dispatch(String accountId, List<Effect> effects) {
        carriedOut.addAll(effects);
    }

    /** The effects carried out since the last call. */
    public synchronized List<Effect> drain() {
        List<Effect> out = List.copyOf(carriedOut);
        carriedOut.clear();
        return out;
    }
}
