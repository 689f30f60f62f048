package dunning.cli;

import dunning.local.junit.ClassCloud;
import static dunning.cli.DunningCliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dunning.aws.dynamodb.DynamoBillingRecords;
import dunning.aws.dynamodb.DynamoTable;
import dunning.aws.store.BillingRecords;
import dunning.local.LocalCloud;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code dunning import} against the local cloud in this JVM: each test on a fresh table of the stack. */
class ImportCommandTest {
    static final Instant FILE_TIME = Instant.parse("2026-11-30T08:00:00Z");
    static final String ACCOUNTS = String.join("\n",
            "accountId,name,email,timeZone,currency,arTerm,tags,recurringCharges,externalIds,exempt,collectionsCases",
            "ACME,\"Acme, Inc.\",ap@acme.example,America/Los_Angeles,USD,net30,SMB;VIP,Team plan=49.00;Support=10.00,stripe=cus_acme,,",
            "GLOBEX,Globex,billing@globex.example,Europe/Berlin,EUR,net30,,,,true,2",
            "BAD-MAIL,Bad Mail,not-an-address,UTC,USD,net30,,,,,",
            "BAD-ZONE,Bad Zone,z@zone.example,Mars/Olympus,USD,net30,,,,,",
            "INITECH,Initech,ap@initech.example,Asia/Tokyo,JPY,net15,,Licence=12000,,,",
            "");

    @RegisterExtension
    static final ClassCloud cloud = new ClassCloud();

    static String[] at(String table, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--endpoint", cloud.dynamoDb().endpoint().toString(), "--region", LocalCloud.REGION, "--table", table));
        return all.toArray(String[]::new);
    }

    static BillingRecords records(String table) {
        return new DynamoBillingRecords(new DynamoTable(cloud.clients().dynamoDb(), table));
    }

    static Path accounts(Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("accounts.csv"), ACCOUNTS);
        Files.setLastModifiedTime(file, FileTime.from(FILE_TIME));
        return file;
    }

    @Test
    void accounts_are_written_with_the_events_checks_bad_rows_named_by_line_and_a_second_run_changes_nothing(@TempDir Path dir)
            throws IOException {
        String table = cloud.newTable();
        Path file = accounts(dir);

        DunningCliTest.Run first = run(at(table, "import", "accounts", file.toString()));

        assertEquals(0, first.exit(), first.output());
        List<String> lines = first.output().lines().toList();
        assertEquals("line 4: $.email: not an email address: not-an-address", lines.get(0), first.output());
        assertTrue(lines.get(1).startsWith("line 5: $.timeZone: "), first.output());
        assertTrue(lines.get(2).startsWith("accounts: 5 rows: 3 created; 2 bad; this run 5 rows in "), first.output());
        assertFalse(Files.exists(file.resolveSibling("accounts.csv.import-checkpoint")), "a finished import keeps no checkpoint");

        BillingRecords.Stored acme = records(table).profile("ACME").orElseThrow();
        assertEquals("Acme, Inc.", acme.profile().name());
        assertEquals(List.of("SMB", "VIP"), acme.profile().tags());
        assertEquals(List.of(new BillingRecords.Recurring("Team plan", new BigDecimal("49.00")),
                new BillingRecords.Recurring("Support", new BigDecimal("10.00"))), acme.profile().recurring());
        assertEquals(Map.of("stripe", "cus_acme"), acme.profile().externalIds());
        assertEquals("America/Los_Angeles", acme.profile().timeZone());
        assertEquals(java.util.Optional.of(FILE_TIME), acme.updatedAt(), "a row without updatedAt is as of the file's time");
        BillingRecords.Profile globex = records(table).profile("GLOBEX").orElseThrow().profile();
        assertTrue(globex.exempt());
        assertEquals(2, globex.collectionsCases());
        assertTrue(records(table).profile("BAD-MAIL").isEmpty(), "nothing of a bad row is written");

        DunningCliTest.Run again = run(at(table, "import", "accounts", file.toString()));
        assertEquals(0, again.exit(), again.output());
        assertTrue(again.output().contains("accounts: 5 rows: 3 unchanged; 2 bad;"), again.output());

        // the billing system moved on: a later Account Upserted (here: a row with its updatedAt) wins; the old file is then older
        Path later = Files.writeString(dir.resolve("later.jsonl"), "{\"accountId\":\"ACME\",\"name\":\"Acme Corp\",\"currency\":\"USD\","
                + "\"arTerm\":\"net30\",\"updatedAt\":\"2026-12-01T09:00:00Z\"}\n");
        assertTrue(run(at(table, "import", "accounts", later.toString())).output().contains("1 updated"));
        DunningCliTest.Run stale = run(at(table, "import", "accounts", file.toString()));
        assertTrue(stale.output().contains("1 older than stored (kept), 2 unchanged"), stale.output());
        assertEquals("Acme Corp", records(table).profile("ACME").orElseThrow().profile().name());
    }

    @Test
    void invoices_are_issued_once_an_unknown_account_or_other_content_is_a_bad_row_and_a_zero_invoice_is_ignored(@TempDir Path dir)
            throws IOException {
        String table = cloud.newTable();
        assertEquals(0, run(at(table, "import", "accounts", accounts(dir).toString())).exit());
        Path file = Files.writeString(dir.resolve("invoices.jsonl"), String.join("\n",
                "{\"invoiceId\":\"INV-1\",\"accountId\":\"ACME\",\"issueDate\":\"2026-10-01\",\"dueDate\":\"2026-10-31\",\"currency\":\"USD\","
                        + "\"amount\":\"120.00\",\"payLink\":\"https://pay.example/INV-1\"}",
                "",
                "{\"invoiceId\":\"INV-2\",\"accountId\":\"NOBODY\",\"issueDate\":\"2026-10-01\",\"dueDate\":\"2026-10-31\","
                        + "\"currency\":\"USD\",\"amount\":\"10.00\"}",
                "{\"invoiceId\":\"INV-3\",\"accountId\":\"ACME\",\"issueDate\":\"2026-10-01\",\"dueDate\":\"2026-10-31\",\"currency\":\"USD\","
                        + "\"amount\":\"0.00\"}",
                "{\"invoiceId\":\"INV-4\",\"accountId\":\"INITECH\",\"issueDate\":\"2026-11-01\",\"dueDate\":\"2026-11-16\","
                        + "\"currency\":\"JPY\",\"amount\":\"12000.5\"}",
                "[1,2]",
                "{\"invoiceId\":\"INV-5\",\"accountId\":\"GLOBEX\",\"issueDate\":\"2026-11-01\",\"dueDate\":\"2026-10-01\","
                        + "\"currency\":\"EUR\",\"amount\":\"80.00\"}",
                "{\"invoiceId\":\"INV-6\",\"accountId\":\"GLOBEX\",\"issueDate\":\"2026-11-01\",\"dueDate\":\"2026-12-01\","
                        + "\"currency\":\"EUR\",\"amount\":\"80.00\"}",
                ""));

        DunningCliTest.Run first = run(at(table, "import", "invoices", file.toString(), "--concurrency", "3"));

        assertEquals(0, first.exit(), first.output());
        List<String> lines = first.output().lines().toList();
        assertEquals("line 3: invoice INV-2 of unknown account NOBODY: import the accounts file first", lines.get(0), first.output());
        assertTrue(lines.get(1).startsWith("line 5: $.amount: "), first.output());
        assertTrue(lines.get(2).startsWith("line 6: "), first.output());
        assertTrue(lines.get(3).startsWith("line 7: $.dueDate: 2026-10-01 is before the issue date 2026-11-01"), first.output());
        assertTrue(lines.get(4).startsWith("invoices: 7 rows: 1 ignored ($0), 2 issued; 4 bad;"), first.output());
        assertTrue(records(table).hasInvoice("ACME", "INV-1"));
        assertFalse(records(table).hasInvoice("ACME", "INV-3"), "a $0 invoice owes nothing: not issued");

        DunningCliTest.Run again = run(at(table, "import", "invoices", file.toString()));
        assertTrue(again.output().contains("invoices: 7 rows: 2 already issued, 1 ignored ($0); 4 bad;"), again.output());

        Path changed = Files.writeString(dir.resolve("changed.csv"), "invoiceId,accountId,issueDate,dueDate,currency,amount\n"
                + "INV-1,ACME,2026-10-01,2026-10-31,USD,125.00\n");
        DunningCliTest.Run conflict = run(at(table, "import", "invoices", changed.toString()));
        assertTrue(conflict.output().startsWith("line 2: invoice INV-1 of account ACME was issued with other content: amount 125.00 "
                + "(issued with 120"), conflict.output());
    }

    @Test
    void a_stack_that_does_not_answer_stops_the_import_with_its_checkpoint_and_the_same_command_resumes(@TempDir Path dir)
            throws IOException {
        Path file = accounts(dir);
        Path checkpoint = file.resolveSibling("accounts.csv.import-checkpoint");

        String table = "import-later-" + System.nanoTime();

        DunningCliTest.Run stopped = run(at(table, "import", "accounts", file.toString(), "--concurrency", "1"));

        assertEquals(DunningCli.EXIT_FAILED, stopped.exit(), stopped.output());
        assertTrue(stopped.output().contains("stopped: line 2: "), stopped.output());
        assertTrue(stopped.output().contains("the checkpoint is kept: run the same command again to resume"), stopped.output());
        assertTrue(Files.readString(checkpoint).contains("\"kind\" : \"accounts into " + table + "\""), Files.readString(checkpoint));

        cloud.stack().createTableLike(cloud.clients(), cloud.template().tables().get(0).logicalId(), table);
        DunningCliTest.Run resumed = run(at(table, "import", "accounts", file.toString()));
        assertEquals(0, resumed.exit(), resumed.output());
        assertTrue(resumed.output().startsWith("resumed after line 1"), resumed.output());
        assertTrue(resumed.output().contains("accounts: 5 rows: 3 created; 2 bad;"), resumed.output());
        assertFalse(Files.exists(checkpoint));
    }

    @Test
    void a_file_that_cannot_be_imported_is_refused_whole_with_its_reason(@TempDir Path dir) throws IOException {
        String table = cloud.newTable();
        Path unknown = Files.writeString(dir.resolve("a.csv"), "accountId,nmae\nA1,x\n");
        DunningCliTest.Run r = run(at(table, "import", "accounts", unknown.toString()));
        assertEquals(DunningCli.EXIT_USAGE, r.exit(), r.output());
        assertTrue(r.output().contains("unknown column(s) [nmae]"), r.output());
        assertEquals(DunningCli.EXIT_USAGE, run(at(table, "import", "accounts", dir.resolve("missing.csv").toString())).exit());
        assertEquals(DunningCli.EXIT_USAGE, run(at(table, "import", "payments", unknown.toString())).exit());
    }
}
