package dunning.aws.store;

/**
 * Life of an action record ACTION#&lt;idempotencyKey&gt;.
 * <ul>
 * <li>fee, status: PENDING (written with the decision) -> APPLIED (the effect, committed in the
 *     same transaction as this change) -> DONE (announced: its event published);</li>
 * <li>email: PENDING -> SENDING (claimed, with a lease) -> SENT (SES message id recorded with the
 *     communication log) -> DONE (Dunning Notice Sent published);</li>
 * <li>event, task, retry, approval: PENDING -> DONE once published.</li>
 * </ul>
 */
public enum ActionStatus {
    PENDING, APPLIED, SENDING, SENT, DONE
}
