package dunning.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An onboarding file's rows, each as the JSON object of the event detail it stands for (Account
 * Upserted, Invoice Issued), with its line number. Two formats:
 * <ul>
 * <li>CSV (RFC 4180) with a header line naming the detail's fields; an empty cell is an absent field.
 *     A list column holds its items separated by {@code ;}; a map column ({@code externalIds}) holds
 *     {@code key=value} pairs separated by {@code ;}; a list-of-objects column
 *     ({@code recurringCharges}) holds {@code description=amount} pairs separated by {@code ;};
 *     boolean and integer columns are converted; every other cell stays text (amounts too, as the
 *     events carry them).</li>
 * <li>JSON Lines: one detail object per line; blank lines are skipped.</li>
 * </ul>
 * The file is read as strict UTF-8: a byte sequence that is not UTF-8 fails the whole file, since
 * no row of it can be trusted.
 */
final class ImportFile {
    enum Format {
        CSV, JSON_LINES;

        static Format of(Path file) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            return name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json") ? JSON_LINES : CSV;
        }
    }

    /** How the CSV cells of one kind of row become the detail's fields. */
    record Columns(Set<String> known, Set<String> lists, Set<String> maps, Map<String, String[]> pairLists, Set<String> booleans,
                   Set<String> integers) {}

    /** One row: its first line in the file and its fields. */
    record Row(long line, ObjectNode fields) {}

    /** What the reader hands over, in file order. */
    interface Rows {
        void row(Row row);

        /** A row that could not even be read into fields (a JSON line that is not an object, a CSV row with extra cells). */
        void unreadable(long line, String cause);
    }

    /** The whole file cannot be imported (its header, its encoding); nothing of it was handed over past {@code line}. */
    static final class FileProblem extends Exception {
        FileProblem(String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ImportFile() {}

    /** Counts the rows, to size a progress bar: records for CSV (quoted line breaks included), non-blank lines for JSON Lines. */
    static long count(Path file, Format format, Columns columns) throws IOException, FileProblem {
        long[] n = {0};
        read(file, format, columns, new Rows() {
            @Override
            public void row(Row row) {
                n[0]++;
            }

            @Override
            public void unreadable(long line, String cause) {
                n[0]++;
            }
        });
        return n[0];
    }

    /** Reads every row after line {@code after} (0: all), handing each to {@code rows} in order. */
    static void read(Path file, Format format, Columns columns, Rows rows) throws IOException, FileProblem {
        read(file, format, columns, rows, 0);
    }

    static void read(Path file, Format format, Columns columns, Rows rows, long after) throws IOException, FileProblem {
        try (Reader reader = strictUtf8(file)) {
            if (format == Format.JSON_LINES) {
                jsonLines(new BufferedReader(reader), rows, after);
            } else {
                csv(reader, columns, rows, after);
            }
        } catch (CharacterCodingException e) {
            throw new FileProblem("the file is not UTF-8 text (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static Reader strictUtf8(Path file) throws IOException {
        return new java.io.InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
    }

    private static void jsonLines(BufferedReader in, Rows rows, long after) throws IOException {
        long line = 0;
        for (String text; (text = in.readLine()) != null; ) {
            line++;
            if (line <= after || text.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                rows.unreadable(line, "not JSON: " + e.getOriginalMessage());
                continue;
            }
            if (node == null || !node.isObject()) {
                rows.unreadable(line, "a line must be one JSON object");
                continue;
            }
            rows.row(new Row(line, (ObjectNode) node));
        }
    }

    private static void csv(Reader in, Columns columns, Rows rows, long after) throws IOException, FileProblem {
        CsvMapper mapper = new CsvMapper();
        mapper.enable(CsvParser.Feature.WRAP_AS_ARRAY);
        mapper.enable(CsvParser.Feature.FAIL_ON_MISSING_HEADER_COLUMNS);
        MappingIterator<List<String>> it;
        try {
            it = mapper.readerForListOf(String.class).with(CsvSchema.emptySchema()).readValues(in);
        } catch (JsonProcessingException e) {
            throw new FileProblem("line 1: " + e.getOriginalMessage());
        }
        if (!it.hasNextValue()) {
            throw new FileProblem("the file is empty: a CSV import starts with a header line naming its columns");
        }
        List<String> header = it.nextValue();
        List<String> names = new ArrayList<>();
        Set<String> unknown = new TreeSet<>();
        for (String h : header) {
            String name = h.strip();
            if (names.contains(name)) {
                throw new FileProblem("line 1: column " + name + " is named twice");
            }
            if (!columns.known().contains(name)) {
                unknown.add(name);
            }
            names.add(name);
        }
        if (!unknown.isEmpty()) {
            throw new FileProblem("line 1: unknown column(s) " + unknown + "; the columns are " + new TreeSet<>(columns.known()));
        }
        while (true) {
            long line;
            List<String> cells;
            try {
                if (!it.hasNextValue()) {
                    break;
                }
                line = it.getParser().currentTokenLocation().getLineNr() + 1; // the CSV parser counts lines from 0
                cells = it.nextValue();
            } catch (RuntimeException | JsonProcessingException e) {
                // a broken quote makes the rest of the file unreadable: say where, stop
                throw new FileProblem("line " + it.getParser().currentLocation().getLineNr() + ": " + message(e));
            }
            if (line <= after) {
                continue;
            }
            if (cells.size() == 1 && cells.get(0).isBlank() && names.size() > 1) {
                continue; // an empty line
            }
            if (cells.size() > names.size()) {
                rows.unreadable(line, "the row has " + cells.size() + " cells, the header " + names.size());
                continue;
            }
            try {
                rows.row(new Row(line, fields(names, cells, columns)));
            } catch (IllegalArgumentException e) {
                rows.unreadable(line, e.getMessage());
            }
        }
    }

    private static String message(Exception e) {
        return e instanceof JsonProcessingException j ? j.getOriginalMessage() : String.valueOf(e.getMessage());
    }

    private static ObjectNode fields(List<String> names, List<String> cells, Columns c) {
        ObjectNode o = NODES.objectNode();
        for (int i = 0; i < cells.size(); i++) {
            String name = names.get(i);
            String cell = cells.get(i).strip();
            if (cell.isEmpty()) {
                continue;
            }
            if (c.lists().contains(name)) {
                ArrayNode a = o.putArray(name);
                for (String item : cell.split(";", -1)) {
                    a.add(item.strip());
                }
            } else if (c.maps().contains(name)) {
                ObjectNode m = o.putObject(name);
                for (String pair : cell.split(";", -1)) {
                    String[] kv = pair(name, pair);
                    if (m.has(kv[0])) {
                        throw new IllegalArgumentException(name + ": " + kv[0] + " is given twice");
                    }
                    m.put(kv[0], kv[1]);
                }
            } else if (c.pairLists().containsKey(name)) {
                String[] keys = c.pairLists().get(name);
                ArrayNode a = o.putArray(name);
                for (String pair : cell.split(";", -1)) {
                    String[] kv = pair(name, pair);
                    a.addObject().put(keys[0], kv[0]).put(keys[1], kv[1]);
                }
            } else if (c.booleans().contains(name)) {
                switch (cell.toLowerCase(Locale.ROOT)) {
                    case "true" -> o.put(name, true);
                    case "false" -> o.put(name, false);
                    default -> throw new IllegalArgumentException(name + ": expected true or false, got " + cell);
                }
            } else if (c.integers().contains(name)) {
                if (!cell.matches("-?[0-9]{1,18}")) {
                    throw new IllegalArgumentException(name + ": expected a whole number, got " + cell);
                }
                o.put(name, Long.parseLong(cell));
            } else {
                o.put(name, cell); // text: the readers check it (amounts too)
            }
        }
        return o;
    }

    private static String[] pair(String column, String pair) {
        int eq = pair.lastIndexOf('=');
        if (eq <= 0 || eq == pair.length() - 1) {
            throw new IllegalArgumentException(column + ": expected key=value items separated by ;, got " + pair.strip());
        }
        return new String[] {pair.substring(0, eq).strip(), pair.substring(eq + 1).strip()};
    }
}
