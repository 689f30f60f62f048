package dunning.local.portfolio;

import dunning.aws.dynamodb.AccountItems;
import dunning.aws.dynamodb.Attr;
import dunning.aws.dynamodb.DynamoBillingRecords;
import dunning.aws.dynamodb.DynamoNoticeTemplates;
import dunning.aws.dynamodb.DynamoPlanCatalog;
import dunning.aws.dynamodb.DynamoTable;
import dunning.aws.dynamodb.Keys;
import dunning.aws.dynamodb.PlanPublisher;
import dunning.aws.eventbridge.EventPublisher.PublishedEvent;
import dunning.aws.imports.BillingRows;
import dunning.aws.imports.ImportFile;
import dunning.aws.imports.Importer;
import dunning.aws.store.BillingRecords;
import dunning.domain.plan.Publication;
import dunning.domain.plan.TemplateNames;
import dunning.local.LocalCloud;
import dunning.local.payments.BillingSystem;
import dunning.local.payments.StripeBilling;
import dunning.local.seed.TableSeeder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Feeds a portfolio into an empty stack by the ways a deployed stack is fed (DESIGN §5.1): the plan
 * and AR terms published from files as {@code dunning plan publish} publishes them, then each account
 * and its opening invoice by its way: {@code Account Upserted} and {@code Invoice Issued} on
 * EventBridge, Stripe's {@code customer.created} and {@code invoice.finalized} on the Stripe partner
 * bus, or an accounts and an invoices CSV file through the onboarding import. What came in is read
 * back from the table.
 */
public final class WaysIn {
    /** Rows the import writes at once: the command's default. */
    static final int IMPORT_CONCURRENCY = 8;
    static final String AR_TERMS = String.join("\n", "# the portfolio's AR terms, as a file of dunning plan publish --terms",
            "arTerms:", "  - { id: net15, netDays: 15, plan: subscriptions }", "  - { id: net30, netDays: 30, plan: subscriptions }", "");

    /**
     * What came in, read back from the table once every way was drained.
     *
     * @param accounts            the accounts sent by each way
     * @param accountsIn          of those, the ones whose profile the table holds
     * @param openingInvoicesOpen of those, the ones whose opening invoice is open
     * @param events              publishing and draining the events of both event ways
     * @param parked              events parked and not booked yet
     */
    public record Loaded(Map<Portfolio.Way, Integer> accounts, Map<Portfolio.Way, Integer> accountsIn,
                         Map<Portfolio.Way, Integer> openingInvoicesOpen, Importer.Summary importedAccounts,
                         Importer.Summary importedInvoices, Duration events, int parked) {}

    private final LocalCloud cloud;
    private final DynamoTable table;
    private final BillingSystem billing;
    private final StripeBilling stripe;

    WaysIn(LocalCloud cloud, BillingSystem billing, StripeBilling stripe) {
        this.cloud = cloud;
        this.table = new DynamoTable(cloud.clients().dynamoDb(), cloud.tableName());
        this.billing = billing;
        this.stripe = stripe;
    }

    Loaded load(Portfolio portfolio) {
        Path dir;
        try {
            dir = Files.createTempDirectory("dunning-simulate-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            publishPlans(dir);
            List<Portfolio.Member> imported = of(portfolio, Portfolio.Way.IMPORT);
            Importer.Summary accounts = importFile(accountsFile(dir, imported), BillingRows.ACCOUNTS);
            Importer.Summary invoices = importFile(invoicesFile(dir, imported), BillingRows.INVOICES);
            long started = System.nanoTime();
            List<PublishedEvent> upserted = new ArrayList<>();
            List<PublishedEvent> issued = new ArrayList<>();
            List<PublishedEvent> customers = new ArrayList<>();
            List<PublishedEvent> finalized = new ArrayList<>();
            for (Portfolio.Member m : portfolio.members()) {
                TableSeeder.Account a = m.account();
                Portfolio.Opening o = m.opening();
                if (m.way() == Portfolio.Way.BILLING_EVENTS) {
                    upserted.add(billing.accountUpserted(TableSeeder.profile(a)));
                    issued.add(billing.invoiceIssued(a.id(), o.invoiceId(), o.issued(), o.due(), o.amount(), a.currency()));
                } else if (m.way() == Portfolio.Way.STRIPE) {
                    customers.add(stripe.customerCreated(a.id(), a.name(), a.email(), a.locale(), a.timeZone(), a.arTerm()));
                    finalized.add(stripe.invoiceFinalized(o.invoiceId(), a.id(), o.issued(), o.due(), a.currency(), o.amount()));
                }
            }
            // the accounts first, then their invoices: an invoice before its account would be parked until it came
            billing.publish(upserted);
            stripe.publish(customers);
            cloud.runtime().drain();
            billing.publish(issued);
            stripe.publish(finalized);
            cloud.runtime().drain();
            return readBack(portfolio, accounts, invoices, Duration.ofNanos(System.nanoTime() - started));
        } finally {
            delete(dir);
        }
    }

    private static List<Portfolio.Member> of(Portfolio portfolio, Portfolio.Way way) {
        return portfolio.members().stream().filter(m -> m.way() == way).toList();
    }

    /** The plan and AR terms as files, checked and written exactly as {@code dunning plan publish} does. */
    private void publishPlans(Path dir) {
        Path plan = write(dir.resolve("subscriptions.yaml"), Simulation.standardPlan());
        Path terms = write(dir.resolve("ar-terms.yaml"), AR_TERMS);
        DynamoPlanCatalog plans = new DynamoPlanCatalog(table, cloud.clock());
        DynamoNoticeTemplates templates = new DynamoNoticeTemplates(table, cloud.clock());
        Publication.Read read = Publication.read(List.of(plan), Optional.of(terms), Optional.empty(),
                TemplateNames.of(templates.published().templates().names(), "the stack's published templates"),
                id -> plans.latest(id).isPresent());
        Publication.Bundle bundle = read.bundle().orElseThrow(() -> new IllegalStateException(
                "the portfolio's plan and AR terms do not publish: " + read.problems()));
        new PlanPublisher(plans, templates).publish(bundle, false);
    }

    private static Path accountsFile(Path dir, List<Portfolio.Member> members) {
        StringBuilder csv = new StringBuilder("accountId,name,email,locale,timeZone,currency,arTerm,billGroup,tags,annualRevenue,"
                + "exempt,collectionsCases,recurringCharges,externalIds\n");
        for (Portfolio.Member m : members) {
            TableSeeder.Account a = m.account();
            List<String> recurring = a.recurring().stream().map(r -> r.description() + "=" + r.amount().toPlainString()).toList();
            List<String> external = a.externalIds().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + "=" + e.getValue()).toList();
            row(csv, a.id(), a.name(), a.email(), a.locale(), a.timeZone(), a.currency(), a.arTerm(), a.billGroup(),
                    String.join(";", a.tags()), a.annualRevenue().toPlainString(), String.valueOf(a.exempt()),
                    String.valueOf(a.collectionsCases()), String.join(";", recurring), String.join(";", external));
        }
        return write(dir.resolve("accounts.csv"), csv.toString());
    }

    private static Path invoicesFile(Path dir, List<Portfolio.Member> members) {
        StringBuilder csv = new StringBuilder("invoiceId,accountId,number,issueDate,dueDate,currency,amount\n");
        for (Portfolio.Member m : members) {
            Portfolio.Opening o = m.opening();
            row(csv, o.invoiceId(), m.account().id(), o.invoiceId(), o.issued().toString(), o.due().toString(), m.account().currency(),
                    o.amount().toPlainString());
        }
        return write(dir.resolve("invoices.csv"), csv.toString());
    }

    /** One CSV record (RFC 4180): a cell with a comma, a quote or a line break is quoted, its quotes doubled. */
    private static void row(StringBuilder csv, String... cells) {
        for (int i = 0; i < cells.length; i++) {
            String c = cells[i] == null ? "" : cells[i];
            boolean quote = c.contains(",") || c.contains("\"") || c.contains("\n") || c.contains("\r");
            csv.append(i == 0 ? "" : ",").append(quote ? "\"" + c.replace("\"", "\"\"") + "\"" : c);
        }
        csv.append('\n');
    }

    /** As {@code dunning import} runs it, the rows' updatedAt and issuedAt the runner's clock. */
    private Importer.Summary importFile(Path file, BillingRows kind) {
        BillingRecords records = new DynamoBillingRecords(table);
        Instant now = cloud.clock().instant();
        Importer importer = new Importer(file, kind.word() + " into " + cloud.tableName(), ImportFile.Format.of(file), kind.columns(),
                kind.writer(records, now, now), BillingRows::rowFault, IMPORT_CONCURRENCY, Importer.defaultCheckpoint(file));
        try {
            Importer.Summary summary = importer.run(true, (done, total) -> { });
            if (summary.stoppedBy().isPresent()) {
                throw new IllegalStateException("the import of " + kind.word() + " stopped: " + summary.stoppedBy().get());
            }
            return summary;
        } catch (IOException | ImportFile.FileProblem e) {
            throw new IllegalStateException("the import of " + file + " failed: " + e.getMessage(), e);
        }
    }

    /** One scan: each account's profile and opening invoice by its way, and every parked event. */
    private Loaded readBack(Portfolio portfolio, Importer.Summary accounts, Importer.Summary invoices, Duration events) {
        Map<String, Portfolio.Member> members = Simulation.byId(portfolio);
        Map<Portfolio.Way, Integer> sent = zeros();
        Map<Portfolio.Way, Integer> in = zeros();
        Map<Portfolio.Way, Integer> open = zeros();
        portfolio.members().forEach(m -> sent.merge(m.way(), 1, Integer::sum));
        int parked = 0;
        for (Map<String, AttributeValue> item : cloud.clients().dynamoDb().scanPaginator(b -> b.tableName(table.name())).items()) {
            String pk = Attr.str(item, Keys.PK);
            if (Attr.str(item, Keys.SK).startsWith(Keys.SK_PARKED)) {
                parked++;
            }
            Portfolio.Member m = pk.startsWith("ACCOUNT#") ? members.get(Keys.accountIdOf(pk)) : null;
            if (m == null) {
                continue;
            }
            if (AccountItems.isProfile(item)) {
                in.merge(m.way(), 1, Integer::sum);
            } else if (AccountItems.isInvoice(item) && m.opening().invoiceId().equals(Attr.str(item, AccountItems.INVOICE_ID))
                    && "OPEN".equals(Attr.str(item, AccountItems.INVOICE_STATUS))) {
                open.merge(m.way(), 1, Integer::sum);
            }
        }
        return new Loaded(sent, in, open, accounts, invoices, events, parked);
    }

    static Map<Portfolio.Way, Integer> zeros() {
        Map<Portfolio.Way, Integer> out = new EnumMap<>(Portfolio.Way.class);
        for (Portfolio.Way w : Portfolio.Way.values()) {
            out.put(w, 0);
        }
        return out;
    }

    private static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
