package dunning.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dunning.aws.dynamodb.AccountItems;
import dunning.aws.dynamodb.Attr;
import dunning.aws.dynamodb.DynamoBillingRecords;
import dunning.aws.dynamodb.DynamoTable;
import dunning.aws.dynamodb.Keys;
import dunning.aws.store.BillingRecords;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * docs/operator-guide.md, run as written: its {@code sh local-up} block starts the local cloud as a
 * child process, and every other {@code sh} block runs, in order, in one bash script (so a variable set
 * in one block is there in the next), with {@code ./dunning} and {@code aws} on hand, from a copy of
 * docs/examples. Then what the guide says happened is checked: plan versions, imported and evented
 * accounts, the Stripe customer and invoice, the mails in the user's own template, the dead letter and
 * its reason, and explain's answer. Skipped, with the reason, without the AWS CLI or curl.
 */
class OperatorGuideTest {
    static final Pattern BLOCK = Pattern.compile("```sh( local-up)?\\n(.*?)```", Pattern.DOTALL);
    static final String GUIDE_PORT = "4566";

    @Test
    void every_command_of_the_operator_guide_works_against_a_running_local_cloud(@TempDir Path dir) throws Exception {
        AwsCliLocalUpTest.Cli cli = AwsCliLocalUpTest.findCli();
        Assumptions.assumeTrue(onPath("curl"), "no curl on the PATH: the guide's control-endpoint calls cannot run");
        Path root = AwsCliLocalUpTest.root();
        String guide = Files.readString(root.resolve("docs/operator-guide.md"));
        List<String> script = new ArrayList<>();
        List<String> localUp = new ArrayList<>();
        Matcher m = BLOCK.matcher(guide);
        while (m.find()) {
            if (m.group(1) != null) {
                localUp.add(m.group(2));
            } else {
                script.add(m.group(2));
            }
        }
        assertEquals(1, localUp.size(), "one block starts the local cloud");
        assertTrue(script.size() >= 8, "the guide's commands: " + script.size() + " blocks");

        // the working copy: docs/examples as the guide names it, ./dunning as the class it runs, aws pointed at the endpoint
        copy(root.resolve("docs/examples"), dir.resolve("docs/examples"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        executable(dir.resolve("dunning"), "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -cp '"
                + System.getProperty("java.class.path") + "' " + DunningCli.class.getName() + " \"$@\"\n");
        // every CLI takes --endpoint-url; older ones ignore AWS_ENDPOINT_URL, and CLI v1's sqs ignores it always
        executable(bin.resolve("aws"), "#!/bin/sh\nexec '" + cli.executable() + "' --endpoint-url \"$AWS_ENDPOINT_URL\" \"$@\"\n");

        int port = AwsCliLocalUpTest.freePort();
        List<String> upArgs = new ArrayList<>(words(localUp.get(0)));
        assertEquals(List.of("./dunning", "local", "up"), upArgs.subList(0, 3), localUp.get(0));
        upArgs = new ArrayList<>(upArgs.subList(3, upArgs.size()));
        upArgs.addAll(List.of("--template", root.resolve("template.yaml").toString(), "--mail-dir", dir.resolve("mails").toString(),
                "--function-log", dir.resolve("functions.log").toString()));
        Path file = dir.resolve("guide.sh");
        Files.writeString(file, "set -euo pipefail\nexport PS4='[${SECONDS} s] $ '\nset -x\n"
                + String.join("\n", script).replace(GUIDE_PORT, String.valueOf(port)));

        String out;
        try (LocalUpProcess up = LocalUpProcess.start(dir, port, upArgs)) {
            ProcessBuilder bash = new ProcessBuilder("bash", file.toString()).directory(dir.toFile()).redirectErrorStream(true);
            Map<String, String> env = bash.environment();
            env.keySet().removeIf(k -> k.startsWith("AWS_"));
            env.put("PATH", bin + java.io.File.pathSeparator + env.getOrDefault("PATH", ""));
            env.put("AWS_CONFIG_FILE", dir.resolve("no-aws-config").toString());
            env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-aws-credentials").toString());
            env.put("AWS_PAGER", "");
            env.put("AWS_EC2_METADATA_DISABLED", "true");
            Process p = bash.start();
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(10, TimeUnit.MINUTES));
            System.out.println(out);
            assertEquals(0, p.exitValue(), "the guide's commands, as run:\n" + out + "\nlocal up:\n" + up.output());

            try (DynamoDbClient ddb = DynamoDbClient.builder().endpointOverride(up.endpoint).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("probe", "probe")))
                    .httpClient(UrlConnectionHttpClient.create()).build()) {
                String table = tableOf(up);
                BillingRecords records = new DynamoBillingRecords(new DynamoTable(ddb, table));
                assertEquals("Hooli Inc.", records.profile("HOOLI").orElseThrow().profile().name(), "Account Upserted booked");
                assertTrue(records.hasInvoice("HOOLI", "INV-2001"), "Invoice Issued booked");
                BillingRecords.Profile umbrella = records.profile("cus_GuideUmbrella01").orElseThrow().profile();
                assertEquals("Europe/London", umbrella.timeZone(), "the Stripe customer's metadata");
                assertEquals(java.util.Optional.of("USD"), umbrella.currency(), "its currency from its first invoice");
                assertTrue(records.hasInvoice("cus_GuideUmbrella01", "in_1GuideUmbrella0000001"), "the Stripe invoice booked");
                var initech = ddb.getItem(b -> b.tableName(table).consistentRead(true).key(Attr.key(
                        Keys.account("INITECH"), Keys.invoiceSk("INV-1003")))).item();
                assertEquals("PAID", initech.get(AccountItems.INVOICE_STATUS).s(), "Payment Succeeded booked");
            }
        }

        // section 2: versions
        assertTrue(out.contains("plan standard: version 1 published"), out);
        assertTrue(out.contains("templates: version 1 published (2 file(s) from docs/examples/templates)"), out);
        assertTrue(out.contains("plan standard: version 2 published"), out);
        assertTrue(out.contains("  ~ paths.STANDARD[Second Notice].days: 10 → 7"), out);
        // section 3: the import, and its re-run
        assertTrue(out.contains("accounts: 3 rows: 3 created; 0 bad;"), out);
        assertTrue(out.contains("invoices: 3 rows: 3 issued; 0 bad;"), out);
        assertTrue(out.contains("accounts: 3 rows: 3 unchanged; 0 bad;"), out);
        // section 4: the payment of INITECH's invoice, read back with the AWS CLI
        assertTrue(out.contains("\"Hooli Inc.\""), out);
        assertTrue(out.contains("\"INVOICE#INV-1003\""), "the query of INITECH's invoices: " + out);
        // section 5: the mails, in the user's own template, in each account's language
        List<String> mails = mails(dir.resolve("mails"));
        assertTrue(mails.stream().anyMatch(x -> x.contains("A friendly reminder")), "gentle-nudge in English: " + mails.size() + " mails");
        assertTrue(mails.stream().anyMatch(x -> x.contains("Eine freundliche Erinnerung")), "gentle-nudge in German (GLOBEX)");
        // section 6: the dead letter, with its reason
        assertTrue(out.contains("\"ApproximateNumberOfMessages\": \"1\""), out);
        assertTrue(out.contains("dunning-reason"), out);
        assertTrue(out.contains("12.345"), out);
        // section 7: why
        assertTrue(Pattern.compile("Account ACME on 2026-02-\\d\\d:\\n  as of 2026-02-\\d\\d: .* plan standard v[12], path STANDARD")
                .matcher(out).find(), out);
        assertTrue(out.contains("Account GLOBEX on 2026-02-07:\n  as of 2026-02-07: 7 days overdue, 10000.00 EUR overdue"), out);
        assertTrue(out.contains("  level Second Notice: FIRED (the highest level reached)"), out);
    }

    static String tableOf(LocalUpProcess up) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(AwsCliLocalUpTest.http("GET", up.endpoint, "/_dunning/outputs"))
                    .path("outputs").path(StackOptions.TABLE_OUTPUT).asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The shell words of a command over continued lines (no quotes needed in the guide's local-up line). */
    static List<String> words(String block) {
        return List.of(block.replace("\\\n", " ").trim().split("\\s+"));
    }

    static List<String> mails(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(f -> {
                try {
                    return Files.readString(f);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }

    static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, program)));
    }

    static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }
}
