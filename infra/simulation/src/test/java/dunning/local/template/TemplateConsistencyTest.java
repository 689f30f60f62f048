package dunning.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * template.yaml stands in for `sam validate` and more: the real template must be consistent with the
 * code, and each deliberately broken copy must be caught with its own message.
 */
class TemplateConsistencyTest {

    static Path template() {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.exists(dir.resolve("template.yaml"))) {
            dir = dir.getParent();
        }
        return dir.resolve("template.yaml");
    }

    static List<String> problemsOf(String yaml, Path tmp) throws IOException {
        Path copy = tmp.resolve("template.yaml");
        Files.writeString(copy, yaml);
        return TemplateChecks.problems(SamTemplate.read(copy), TemplateConsistencyTest.class.getClassLoader());
    }

    @Test
    void the_real_template_is_consistent_with_the_code() {
        SamTemplate t = SamTemplate.read(template());
        assertEquals(List.of(), TemplateChecks.problems(t, getClass().getClassLoader()));
        assertEquals(6, t.functions().size());
        assertEquals(12, t.queues().size(), "six queues, each with its DLQ");
    }

    @Test
    void a_missing_handler_class_is_caught(@TempDir Path tmp) throws IOException {
        String broken = Files.readString(template()).replace("dunning.functions.fee.FeeApplicationHandler::handleRequest",
                "dunning.functions.fee.FeeHandlr::handleRequest");
        assertTrue(problemsOf(broken, tmp).contains(
                "FeeApplicationFunction: handler class dunning.functions.fee.FeeHandlr does not exist"), problemsOf(broken, tmp).toString());
    }

    @Test
    void an_unset_environment_variable_the_code_reads_is_caught(@TempDir Path tmp) throws IOException {
        String text = Files.readString(template());
        String broken = text.replaceFirst("\n( +)ALLOWED_EVENT_SOURCES: [^\n]*", "");
        assertTrue(problemsOf(broken, tmp).stream().anyMatch(p -> p.startsWith("PaymentEventsFunction: environment variable "
                + "ALLOWED_EVENT_SOURCES is read")), problemsOf(broken, tmp).toString());
    }

    @Test
    void a_queue_without_dlq_is_caught(@TempDir Path tmp) throws IOException {
        String text = Files.readString(template());
        int at = text.indexOf("  FeeQueue:");
        int redrive = text.indexOf("RedrivePolicy:", at);
        int end = text.indexOf("maxReceiveCount", redrive);
        end = text.indexOf('\n', end);
        String broken = text.substring(0, redrive) + "Tags: []" + text.substring(end);
        assertTrue(problemsOf(broken, tmp).contains("FeeQueue: queue has no DLQ (RedrivePolicy)"), problemsOf(broken, tmp).toString());
    }

    @Test
    void an_event_source_without_batch_item_failures_is_caught(@TempDir Path tmp) throws IOException {
        String text = Files.readString(template());
        int at = text.indexOf("ReportBatchItemFailures");
        String broken = text.substring(0, at) + "SomethingElse" + text.substring(at + "ReportBatchItemFailures".length());
        assertTrue(problemsOf(broken, tmp).stream().anyMatch(p -> p.contains("lacks FunctionResponseTypes [ReportBatchItemFailures]")),
                problemsOf(broken, tmp).toString());
    }

    @Test
    void a_short_visibility_timeout_is_caught(@TempDir Path tmp) throws IOException {
        String broken = Files.readString(template()).replace("VisibilityTimeout: 120", "VisibilityTimeout: 30");
        assertTrue(problemsOf(broken, tmp).stream().anyMatch(p -> p.contains("VisibilityTimeout 30 is less than 6 x the Timeout")),
                problemsOf(broken, tmp).toString());
    }

    @Test
    void a_wildcard_resource_is_caught(@TempDir Path tmp) throws IOException {
        String text = Files.readString(template());
        String broken = text.replaceFirst("Resource: !Sub arn:\\$\\{AWS::Partition\\}:ses:[^\n]*", "Resource: '*'");
        assertTrue(problemsOf(broken, tmp).contains("NotificationFunction: a policy grants Resource '*'"), problemsOf(broken, tmp).toString());
    }

    @Test
    void a_schedule_without_input_is_caught(@TempDir Path tmp) throws IOException {
        String broken = Files.readString(template()).replaceFirst("Input: '\\{\"kind\":\"DUNNING_SWEEP\"[^\n]*", "State: ENABLED");
        assertTrue(problemsOf(broken, tmp).stream().anyMatch(p -> p.contains("schedule DailyDunningSweep has no Input")),
                problemsOf(broken, tmp).toString());
    }
}
