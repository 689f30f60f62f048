package dunning.cli;

import dunning.aws.dynamodb.DynamoBillingRecords;
import dunning.aws.dynamodb.DynamoTable;
import dunning.aws.imports.BillingRows;
import dunning.aws.imports.ImportFile;
import dunning.aws.imports.Importer;
import dunning.aws.store.BillingRecords;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code dunning import accounts|invoices FILE}: onboarding a stack from a file, one row per Account
 * Upserted or Invoice Issued detail, written through the same {@link BillingRecords} port and with
 * the same field checks as those events (docs/cli.md, "Importing accounts and invoices"). Exit 0 when every row was
 * handled (bad rows included: they are listed with their line), 1 when the import stopped and kept
 * its checkpoint, 2 for wrong usage or a file that cannot be imported at all.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import accounts or invoices into a stack from a CSV or JSON Lines file (resumable, idempotent).")
final class ImportCommand extends StackTargetCommand {
    @Parameters(index = "0", paramLabel = "accounts|invoices", description = "what the file holds")
    BillingRows kind;

    @Parameters(index = "1", paramLabel = "FILE", description = "a .csv file with a header line, or a .jsonl file of one object per line")
    Path file;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "8", description = "rows written at once (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--restart", description = "ignore a kept checkpoint and import from the first row")
    boolean restart;

    @Option(names = "--updated-at", paramLabel = "INSTANT",
            description = "the updatedAt of account rows that give none (default: the file's last-modified time, so the same file "
                    + "imported again changes nothing and a later Account Upserted wins)")
    Instant updatedAt;

    @Override
    Integer run(PrintWriter out, PrintWriter err, StackOptions.Target target) {
        if (concurrency < 1 || concurrency > 64) {
            err.println("dunning: --concurrency: from 1 to 64, got " + concurrency);
            return DunningCli.EXIT_USAGE;
        }
        if (!Files.isRegularFile(file)) {
            err.println("dunning: " + file + ": no such file");
            return DunningCli.EXIT_USAGE;
        }
        try (DynamoDbClient client = target.dynamoDb()) {
            BillingRecords records = new DynamoBillingRecords(new DynamoTable(client, target.table()));
            Instant importedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            Instant defaultUpdatedAt = updatedAt != null ? updatedAt
                    : Files.getLastModifiedTime(file).toInstant().truncatedTo(ChronoUnit.MILLIS);
            // the checkpoint is of this file into this table: a resume against another stack starts over
            Importer importer = new Importer(file, kind.word() + " into " + target.table(), ImportFile.Format.of(file), kind.columns(),
                    kind.writer(records, defaultUpdatedAt, importedAt), BillingRows::rowFault,
                    concurrency, Importer.defaultCheckpoint(file));
            Importer.Summary summary = importer.run(restart, progressBar(err));
            Importer.print(summary, kind.word(), out);
            out.flush();
            return summary.stoppedBy().isPresent() ? DunningCli.EXIT_FAILED : 0;
        } catch (ImportFile.FileProblem e) {
            err.println("dunning: " + file + ": " + e.getMessage());
            return DunningCli.EXIT_USAGE;
        } catch (NoSuchFileException e) {
            err.println("dunning: " + e.getFile() + ": no such file");
            return DunningCli.EXIT_USAGE;
        } catch (IOException e) {
            err.println("dunning: " + file + ": " + e.getMessage());
            return DunningCli.EXIT_USAGE;
        }
    }

    /** A bar on stderr, redrawn at most every 200 ms, when a person is watching (a console); nothing in a pipe or a test. */
    private static Importer.Progress progressBar(PrintWriter err) {
        if (System.console() == null) {
            return (done, total) -> { };
        }
        AtomicLong last = new AtomicLong();
        return (done, total) -> {
            long now = System.nanoTime();
            long before = last.get();
            if (done < total && now - before < 200_000_000L || !last.compareAndSet(before, now)) {
                return;
            }
            int width = 40;
            int filled = total == 0 ? width : (int) (width * done / total);
            synchronized (err) {
                err.printf("\r[%s%s] %d/%d rows", "#".repeat(filled), ".".repeat(width - filled), done, total);
                if (done >= total) {
                    err.println();
                }
                err.flush();
            }
        };
    }
}
