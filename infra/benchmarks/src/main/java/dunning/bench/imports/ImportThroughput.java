package dunning.bench.imports;

import dunning.aws.dynamodb.DynamoBillingRecords;
import dunning.aws.dynamodb.DynamoTable;
import dunning.aws.imports.BillingRows;
import dunning.aws.imports.ImportFile;
import dunning.aws.imports.Importer;
import dunning.aws.store.BillingRecords;
import dunning.local.LocalCloud;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Rows per second of {@code dunning import} into the local cloud's table (its DynamoDB engine over
 * HTTP, as the command talks to a stack), by concurrency: N accounts, then three invoices each. A
 * second run of the accounts file measures the idempotent pass (every row UNCHANGED).
 *
 * <p>{@code java -cp ... dunning.bench.imports.ImportThroughput [accounts] [concurrency…]}
 */
public final class ImportThroughput {
    private ImportThroughput() {}

    public static void main(String[] args) throws Exception {
        int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int[] concurrencies = args.length > 1 ? java.util.Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 8, 32};
        Path dir = Files.createTempDirectory("import-bench");
        Path accountsFile = dir.resolve("accounts.csv");
        Path invoicesFile = dir.resolve("invoices.csv");
        try (BufferedWriter a = Files.newBufferedWriter(accountsFile); BufferedWriter i = Files.newBufferedWriter(invoicesFile)) {
            a.write("accountId,name,email,timeZone,currency,arTerm,tags,recurringCharges,externalIds\n");
            i.write("invoiceId,accountId,issueDate,dueDate,currency,amount\n");
            for (int n = 0; n < accounts; n++) {
                a.write(String.format("ACC-%06d,\"Customer %d, Ltd\",ap%d@example.com,America/New_York,USD,net30,SMB;EU,"
                        + "Team plan=49.00,stripe=cus_%06d%n", n, n, n, n));
                for (int k = 0; k < 3; k++) {
                    LocalDate issued = LocalDate.of(2026, 9 + k, 1);
                    i.write(String.format("INV-%06d-%d,ACC-%06d,%s,%s,USD,%d.%02d%n", n, k, n, issued, issued.plusDays(30), 50 + n % 400,
                            n % 100));
                }
            }
        }
        PrintWriter out = new PrintWriter(System.out, true);
        try (LocalCloud cloud = LocalCloud.start()) {
            for (int c : concurrencies) {
                String table = cloud.newTable();
                BillingRecords records = new DynamoBillingRecords(new DynamoTable(cloud.clients().dynamoDb(), table));
                out.printf("concurrency %d%n", c);
                run(accountsFile, BillingRows.ACCOUNTS, records, c, "  accounts", out);
                run(accountsFile, BillingRows.ACCOUNTS, records, c, "  accounts again", out);
                run(invoicesFile, BillingRows.INVOICES, records, c, "  invoices", out);
            }
        }
    }

    private static void run(Path file, BillingRows kind, BillingRecords records, int concurrency, String label, PrintWriter out)
            throws Exception {
        Instant fileTime = Files.getLastModifiedTime(file).toInstant();
        Importer importer = new Importer(file, kind.word(), ImportFile.Format.of(file), kind.columns(),
                kind.writer(records, fileTime, Instant.now()), BillingRows::rowFault, concurrency, Importer.defaultCheckpoint(file));
        Importer.Summary s = importer.run(true, (done, total) -> { });
        out.printf("%-16s %7d rows in %6.1f s: %6.0f rows/s %s, %d bad%n", label, s.rows(), s.took().toNanos() / 1e9, s.rowsPerSecond(),
                s.outcomes(), s.bad().size());
    }
}
