package dunning.aws.store;

/**
 * Life of an action record ACTION#&lt;idempotencyKey&gt;.
 * <ul>
 * <li>fee, status: PENDING (written with the decision) -> APPLIED (the effect, committed in the
 *     same transaction as this change) -> DONE (announced: its event published); a status change
 *     older than the account's applied one goes PENDING -> DONE, superseded, unannounced;</li>
 * <li>email: PENDING -> SENDING (claimed, with a lease) -> SENT (SES message id recorded with the
 *     communication log) -> DONE (Dunning Notice Sent published);</li>
 * <li>event, task, retry, approval, episode closed: PENDING -> DONE once published;</li>
 * <li>FAILED: the effect can never be carried out as it stands (an email to an account without an
 *     address); the reason is on the record, nothing retries it.</li>
 * </ul>
 */
public enum ActionStatus {
    PENDING, APPLIED, SENDING, SENT, DONE, FAILED
}
