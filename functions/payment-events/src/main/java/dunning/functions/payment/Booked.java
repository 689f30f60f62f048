package dunning.functions.payment;

import dunning.aws.store.Awaited;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What taking one event in did: the accounts to evaluate now, and what arrived with it (an account, an
 * invoice, a customer, a payment's invoice) that events parked earlier may have waited for.
 */
record Booked(Set<String> accounts, List<Awaited> arrived) {
    Booked {
        accounts = Set.copyOf(new LinkedHashSet<>(accounts));
        arrived = List.copyOf(arrived);
    }

    static Booked of(String account) {
        return new Booked(Set.of(account), List.of());
    }

    static Booked nothing() {
        return new Booked(Set.of(), List.of());
    }
}
