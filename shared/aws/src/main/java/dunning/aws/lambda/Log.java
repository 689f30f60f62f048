package dunning.aws.lambda;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dunning.aws.json.Json;
import java.io.PrintStream;
import java.util.Map;

/** One structured JSON line per log entry on stdout (CloudWatch Logs reads it as is). */
public final class Log {
    private static volatile PrintStream out = System.out;

    private Log() {}

    /** Tests may capture the lines. */
    public static void redirect(PrintStream stream) {
        out = stream;
    }

    public static void info(String function, String message, Map<String, ?> fields) {
        write("INFO", function, message, fields);
    }

    public static void warn(String function, String message, Map<String, ?> fields) {
        write("WARN", function, message, fields);
    }

    public static void error(String function, String message, Map<String, ?> fields) {
        write("ERROR", function, message, fields);
    }

    private static void write(String level, String function, String message, Map<String, ?> fields) {
        ObjectNode line = Json.object();
        line.put("level", level);
        line.put("function", function);
        line.put("message", message);
        fields.forEach((k, v) -> line.put(k, v == null ? null : String.valueOf(v)));
        out.println(Json.write(line));
    }
}
