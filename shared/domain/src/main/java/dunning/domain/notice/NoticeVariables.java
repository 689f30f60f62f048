package dunning.domain.notice;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The names a notice template may use. This is the single list templates are checked against
 * at load; {@link NoticeView} fills exactly these names. docs/notices.md documents them.
 */
final class NoticeVariables {
    private NoticeVariables() {}

    static final Map<String, Slot> INVOICE = ordered(
            "number", Slot.VALUE,
            "issueDate", Slot.VALUE,
            "dueDate", Slot.VALUE,
            "balance", Slot.VALUE);

    static final Map<String, Slot> INSTALLMENT = ordered(
            "installment", Slot.VALUE,
            "dueDate", Slot.VALUE,
            "amount", Slot.VALUE);

    static final Map<String, Slot> PLAN = ordered(
            "installmentCount", Slot.VALUE,
            "installmentAmount", Slot.VALUE,
            "planTotal", Slot.VALUE,
            "firstDueDate", Slot.VALUE,
            "lastDueDate", Slot.VALUE,
            "schedule", new Slot.ListOf(INSTALLMENT),
            "missed", new Slot.Record(INSTALLMENT));

    static final Map<String, Slot> FAILURE = ordered(
            "declineCode", Slot.VALUE,
            "hardDecline", Slot.FLAG,
            "softDecline", Slot.FLAG);

    static final Map<String, Slot> ROOT = ordered(
            "accountName", Slot.VALUE,
            "accountId", Slot.VALUE,
            "currency", Slot.VALUE,
            "asOf", Slot.VALUE,
            "payLink", Slot.VALUE,
            "overdueAmount", Slot.VALUE,
            "daysOverdue", Slot.VALUE,
            "oneDayOverdue", Slot.FLAG,
            "invoiceCount", Slot.VALUE,
            "oneInvoice", Slot.FLAG,
            "invoicesTotal", Slot.VALUE,
            "invoices", new Slot.ListOf(INVOICE),
            "totalDue", Slot.VALUE,
            "fee", Slot.OPTIONAL_VALUE,
            "level", Slot.OPTIONAL_VALUE,
            "plan", new Slot.Record(PLAN),
            "failure", new Slot.Record(FAILURE));

    private static Map<String, Slot> ordered(Object... pairs) {
        Map<String, Slot> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (Slot) pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
