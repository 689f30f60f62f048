package dunning.domain.account;

import java.math.BigDecimal;
import java.util.Set;

/** Who the account is, for dunning's segment rules: currency, tags, annual revenue, earlier collections cases. */
public record Customer(String id, String currency, Set<String> tags, BigDecimal annualRevenue, int collectionsCases) {
    public Customer {
        tags = Set.copyOf(tags);
    }
}
