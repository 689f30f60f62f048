package dunning.aws.imports;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dunning.aws.events.BillingEvent;
import dunning.aws.events.BillingEventReader;
import dunning.aws.json.BadMessageException;
import dunning.aws.json.NotActionableException;
import dunning.aws.store.BillingRecords;
import dunning.aws.store.NotKnownYetException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rows of an onboarding import: each is the detail of the event it stands for (Account Upserted,
 * Invoice Issued), read by that event's own reader ({@link BillingEventReader}) and written through
 * the same {@link BillingRecords} port, so a row is accepted or refused exactly as its event would be.
 */
public enum BillingRows {
    ACCOUNTS(new ImportFile.Columns(
            Set.of("accountId", "name", "email", "locale", "timeZone", "currency", "arTerm", "billGroup", "tags", "annualRevenue",
                    "exempt", "collectionsCases", "recurringCharges", "externalIds", "updatedAt"),
            Set.of("tags"), Set.of("externalIds"), Map.of("recurringCharges", new String[] {"description", "amount"}),
            Set.of("exempt"), Set.of("collectionsCases"))),
    INVOICES(new ImportFile.Columns(
            Set.of("invoiceId", "accountId", "number", "issueDate", "dueDate", "currency", "amount", "payLink", "issuedAt"),
            Set.of(), Set.of(), Map.of(), Set.of(), Set.of()));

    /** How a row's field is named in its error: a JSON path from the row, as the events name theirs from $.detail. */
    public static final String ROW = "$";

    private final ImportFile.Columns columns;

    BillingRows(ImportFile.Columns columns) {
        this.columns = columns;
    }

    public ImportFile.Columns columns() {
        return columns;
    }

    /** The word the command takes and the summary prints: accounts, invoices. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The writer of this kind's rows into {@code records}.
     *
     * @param defaultUpdatedAt the updatedAt of an account row that gives none (the file's time: the same file again changes nothing)
     * @param importedAt       when an invoice row that does not say when it was issued was
     */
    public Importer.RowWriter writer(BillingRecords records, Instant defaultUpdatedAt, Instant importedAt) {
        return this == ACCOUNTS ? row -> account(records, row, defaultUpdatedAt) : row -> invoice(records, row, importedAt);
    }

    /** An account row is the whole profile its billing system states, as of its updatedAt. */
    static String account(BillingRecords records, ImportFile.Row row, Instant defaultUpdatedAt) {
        ObjectNode fields = row.fields();
        if (!fields.hasNonNull("updatedAt")) {
            fields.put("updatedAt", defaultUpdatedAt.toString());
        }
        BillingEvent.AccountUpserted upserted = BillingEventReader.accountUpserted(fields, ROW);
        return switch (records.upsert(upserted.profile(), upserted.occurredAt())) {
            case CREATED -> "created";
            case UPDATED -> "updated";
            case UNCHANGED -> "unchanged";
            case OLDER -> "older than stored (kept)";
        };
    }

    /** An invoice row is issued once; the same row again is already issued; a $0 invoice is ignored, as its event is. */
    static String invoice(BillingRecords records, ImportFile.Row row, Instant importedAt) {
        BillingEvent.InvoiceIssued issued;
        try {
            issued = BillingEventReader.invoiceIssued(row.fields(), importedAt, ROW);
        } catch (NotActionableException e) {
            return "ignored ($0)";
        }
        return records.issue(issued.invoice()) == BillingRecords.Issued.ISSUED ? "issued" : "already issued";
    }

    /** The row's own fault (reported with its line, the import goes on); anything else is the stack's, and stops the import. */
    public static Optional<String> rowFault(RuntimeException e) {
        if (e instanceof NotKnownYetException) {
            return Optional.of(e.getMessage() + ": import the accounts file first");
        }
        if (e instanceof BadMessageException || e instanceof NotActionableException) {
            return Optional.of(e.getMessage());
        }
        return Optional.empty();
    }
}
