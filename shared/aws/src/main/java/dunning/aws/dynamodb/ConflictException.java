package dunning.aws.dynamodb;

import java.util.List;

/**
 * A conditional write lost: another writer changed the item first (the account's version, or an
 * action record no longer PENDING). Retryable unless the caller finds the effect already done.
 */
public class ConflictException extends RuntimeException {
    private final List<String> failedItems;

    public ConflictException(String message, List<String> failedItems) {
        super(message);
        this.failedItems = List.copyOf(failedItems);
    }

    /** "pk/sk" of each item whose condition failed. */
    public List<String> failedItems() {
        return failedItems;
    }

    public boolean failedOn(String pk, String sk) {
        return failedItems.contains(pk + "/" + sk);
    }
}
