package dunning.aws.dynamodb;

import java.time.LocalDate;

/**
 * Every key of DunningTable (single-table design; see docs/data-model.md). Nothing else in the
 * code builds a pk, sk or GSI key.
 */
public final class Keys {
    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final String GSI1PK = "gsi1pk";
    public static final String GSI1SK = "gsi1sk";
    public static final String GSI2PK = "gsi2pk";
    public static final String GSI2SK = "gsi2sk";
    public static final String GSI3PK = "gsi3pk";
    public static final String GSI3SK = "gsi3sk";
    public static final String BY_BILL_GROUP = "ByBillGroup";
    public static final String OPEN_INVOICES_BY_DUE_DATE = "OpenInvoicesByDueDate";
    /** Sparse: accounts with something due on a date (STATE), and effects or commits not yet finished (OUTBOX, JOURNAL). */
    public static final String WAKE_UPS = "WakeUps";
    public static final int DUE_SHARDS = 16;
    /**
     * Work in flight is short-lived and read by an hourly sweep: 4 partitions take about 4,000 marker
     * writes a second (1,000 each) before the index would throttle, and the sweep reads 4, not 16.
     */
    public static final int PENDING_SHARDS = 4;

    // sort keys inside the account item collection ACCOUNT#<id>
    public static final String SK_PROFILE = "PROFILE";
    public static final String SK_STATE = "STATE";
    public static final String SK_INVOICE = "INVOICE#";
    public static final String SK_CHARGE = "CHARGE#";
    public static final String SK_LEDGER = "LEDGER#";
    public static final String SK_OUTBOX = "OUTBOX#";
    public static final String SK_ITEM = "ITEM";
    public static final String SK_JOURNAL = "JOURNAL#";
    public static final String SK_PROBLEM = "PROBLEM";
    public static final String SK_INBOX = "PAYMENTIN#";
    /** An event parked in the collection of what it waits for (an account, a customer, a Stripe payment). */
    public static final String SK_PARKED = "PARKED#";
    /** The pointer to what is in force of a published configuration (a plan's, the templates' set). */
    public static final String SK_CURRENT = "CURRENT";

    private Keys() {}

    public static String account(String accountId) {
        return "ACCOUNT#" + accountId;
    }

    /** The account id of an account collection's partition key ACCOUNT#&lt;id&gt;. */
    public static String accountIdOf(String accountPk) {
        String prefix = account("");
        if (!accountPk.startsWith(prefix)) {
            throw new IllegalArgumentException("not an account key: " + accountPk);
        }
        return accountPk.substring(prefix.length());
    }

    public static String invoiceSk(String invoiceId) {
        return SK_INVOICE + invoiceId;
    }

    public static String outboxSk(String idempotencyKey) {
        return SK_OUTBOX + idempotencyKey;
    }

    /** Closed invoices and the communication log live beside the account's collection, not in it. */
    public static String accountHistory(String accountId) {
        return "HISTORY#" + accountId;
    }

    public static String communications(String accountId) {
        return "COMMS#" + accountId;
    }

    public static String action(String idempotencyKey) {
        return "ACTION#" + idempotencyKey;
    }

    public static String payment(String paymentId) {
        return "PAYMENT#" + paymentId;
    }

    public static String plan(String planId) {
        return "PLAN#" + planId;
    }

    /** The user's notice templates: one collection, every published set and the pointer to the one in force. */
    public static String templates() {
        return "TEMPLATES";
    }

    /** The plans and AR terms published to the stack, one small item each, listed by one Query. */
    public static String catalog() {
        return "CATALOG";
    }

    public static String arTerm(String arTermId) {
        return "ARTERM#" + arTermId;
    }

    public static String external(String system, String externalId) {
        return "EXTERNAL#" + system + "#" + externalId;
    }

    /** What Dunning knows of a Stripe charge or PaymentIntent: the invoice it paid, its decline code. */
    public static String stripeObject(String chargeOrIntent) {
        return "STRIPE#" + chargeOrIntent;
    }

    /** A running total of another system (Stripe's amount_paid of an invoice, amount_refunded of a charge). */
    public static String counter(String name) {
        return "COUNTER#" + name;
    }

    public static String parkedSk(String key) {
        return SK_PARKED + key;
    }

    /** Parked events not yet reported, on WakeUps for the hourly sweep, sharded like work in flight. */
    public static String parkedShardKey(String partition) {
        return parkedShardKey(Math.floorMod(partition.hashCode(), PENDING_SHARDS));
    }

    public static String parkedShardKey(int shard) {
        return "PARKED#" + shard;
    }

    public static String parkedSortKey(java.time.Instant since, String partition, String key) {
        return since + "#" + partition + "#" + key;
    }

    /** A parked event reported among the problems: its WakeUps sort key under {@link #PROBLEMS}. */
    public static String reportedParkedSortKey(String partition, String key) {
        return SK_PARKED + partition + "#" + key;
    }

    public static String billRun(String billGroup, LocalDate billDate) {
        return "BILLRUN#" + billGroup + "#" + billDate;
    }

    public static String billGroup(String billGroup) {
        return "BILLGROUP#" + billGroup;
    }

    /** An inbox entry of the account: sorted by when the event happened, then by its id. */
    public static String inboxSk(java.time.Instant occurredAt, String eventId) {
        return SK_INBOX + occurredAt + "#" + eventId;
    }

    /** A wake-up of the account on a business date: STATE items on WakeUps. */
    public static String wakeShardKey(String accountId) {
        return "WAKE#" + dueShard(accountId);
    }

    public static String wakeSortKey(LocalDate on, String accountId) {
        return on + "#" + accountId;
    }

    /** Work in flight since {@code since}: outbox markers and unfinished commit journals on WakeUps. */
    public static String pendingShardKey(String accountId) {
        return "PENDING#" + Math.floorMod(accountId.hashCode(), PENDING_SHARDS);
    }

    public static String pendingSortKey(java.time.Instant since, String accountId, String what) {
        return since + "#" + accountId + "#" + what;
    }

    /** Accounts set aside with a reason (PROBLEM items) on WakeUps, for the report. */
    public static final String PROBLEMS = "PROBLEMS";

    /** The shard of an account in the due-date index: stable (String.hashCode is specified). */
    public static int dueShard(String accountId) {
        return Math.floorMod(accountId.hashCode(), DUE_SHARDS);
    }

    public static String dueShardKey(int shard) {
        return "DUE#" + shard;
    }

    public static String dueSortKey(LocalDate due, String accountId, String invoiceId) {
        return due + "#" + accountId + "#" + invoiceId;
    }

    /** The account id inside a due-index sort key "<dueDate>#<accountId>#<invoiceId>" (ids may hold '#'). */
    public static String accountOfDueSortKey(String gsi2sk, String invoiceIdHint) {
        String rest = gsi2sk.substring(gsi2sk.indexOf('#') + 1);
        return rest.substring(0, rest.length() - invoiceIdHint.length() - 1);
    }
}
