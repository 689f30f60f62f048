package dunning.aws.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import dunning.aws.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * SnapStart / CRaC priming shared by the handlers: before the snapshot, read the schemas a function
 * consumes and run its readers over built-in sample payloads, so Jackson and the mapping classes
 * are loaded and warm. It touches no clock, creates no id and opens no connection, so nothing that
 * must differ between restored instances is captured.
 */
public final class Priming {
    private Priming() {}

    /** Reads each named schema and feeds each sample to its reader; a failure here is a packaging bug. */
    public static void warm(List<String> schemas, List<String> samples, Consumer<JsonNode> reader) {
        for (String name : schemas) {
            try (InputStream in = Priming.class.getResourceAsStream("/schemas/" + name + ".schema.json")) {
                if (in == null) {
                    throw new IllegalStateException("schema " + name + " missing from the jar");
                }
                Json.mapper().readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (String sample : samples) {
            JsonNode node = Json.parse(sample);
            reader.accept(node);
            Json.write(node);
        }
    }
}
