package dunning.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The import's reading, bad rows, stops and resumption, with a writer that records what it is given. */
class ImporterTest {
    static final ImportFile.Columns COLUMNS = new ImportFile.Columns(Set.of("id", "name", "tags", "ids", "charges", "vip", "cases"),
            Set.of("tags"), Set.of("ids"), Map.of("charges", new String[] {"description", "amount"}), Set.of("vip"), Set.of("cases"));

    @TempDir
    Path dir;

    final Map<String, String> written = new ConcurrentHashMap<>();

    Importer importer(Path file, Importer.RowWriter writer) {
        return new Importer(file, "rows", ImportFile.Format.of(file), COLUMNS, writer,
                e -> e instanceof IllegalArgumentException ? Optional.of(e.getMessage()) : Optional.empty(), 3,
                Importer.defaultCheckpoint(file));
    }

    /** Writes a row once: "created" the first time, "unchanged" after, as the real writers answer. */
    String idempotent(ImportFile.Row row) {
        String id = row.fields().path("id").asText();
        if (id.isEmpty()) {
            throw new IllegalArgumentException("id: required");
        }
        return written.put(id, row.fields().toString()) == null ? "created" : "unchanged";
    }

    @Test
    void csv_cells_become_the_details_fields_with_each_rows_first_line() throws Exception {
        Path file = dir.resolve("a.csv");
        Files.writeString(file, "id,name,tags,ids,charges,vip,cases\n"
                + "A1,\"Lovelace, Ada\",SMB;VIP,stripe=cus_1;crm=7,Team plan=49.00;Support=10.00,true,2\n"
                + "A2,\"two\nlines\",,,,,\n"
                + "\n"
                + "A3, spaced ,,,,false,\n");
        List<ImportFile.Row> rows = new java.util.ArrayList<>();
        ImportFile.read(file, ImportFile.Format.CSV, COLUMNS, new ImportFile.Rows() {
            @Override
            public void row(ImportFile.Row row) {
                rows.add(row);
            }

            @Override
            public void unreadable(long line, String cause) {
                throw new AssertionError(line + ": " + cause);
            }
        });
        assertEquals(List.of(2L, 3L, 6L), rows.stream().map(ImportFile.Row::line).toList());
        assertEquals("{\"id\":\"A1\",\"name\":\"Lovelace, Ada\",\"tags\":[\"SMB\",\"VIP\"],\"ids\":{\"stripe\":\"cus_1\",\"crm\":\"7\"},"
                + "\"charges\":[{\"description\":\"Team plan\",\"amount\":\"49.00\"},{\"description\":\"Support\",\"amount\":\"10.00\"}],"
                + "\"vip\":true,\"cases\":2}", rows.get(0).fields().toString());
        assertEquals("two\nlines", rows.get(1).fields().path("name").asText());
        assertEquals("{\"id\":\"A3\",\"name\":\"spaced\",\"vip\":false}", rows.get(2).fields().toString());
    }

    @Test
    void an_unknown_or_doubled_column_or_a_file_that_is_not_utf8_fails_the_whole_file_before_any_row() throws Exception {
        Path unknown = dir.resolve("u.csv");
        Files.writeString(unknown, "id,nmae\nA1,x\n");
        var e = assertThrows(ImportFile.FileProblem.class, () -> importer(unknown, this::idempotent).run(false, (d, t) -> { }));
        assertTrue(e.getMessage().startsWith("line 1: unknown column(s) [nmae]"), e.getMessage());
        Path twice = dir.resolve("t.csv");
        Files.writeString(twice, "id,id\nA1,A1\n");
        assertEquals("line 1: column id is named twice",
                assertThrows(ImportFile.FileProblem.class, () -> importer(twice, this::idempotent).run(false, (d, t) -> { })).getMessage());
        Path latin1 = dir.resolve("l.csv");
        Files.write(latin1, "id,name\nA1,Bj\u00f6rk\n".getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(assertThrows(ImportFile.FileProblem.class, () -> importer(latin1, this::idempotent).run(false, (d, t) -> { }))
                .getMessage().startsWith("the file is not UTF-8 text"));
        assertTrue(written.isEmpty());
    }

    @Test
    void bad_rows_are_reported_with_their_line_and_cause_and_the_rest_is_written() throws Exception {
        Path file = dir.resolve("a.jsonl");
        Files.writeString(file, "{\"id\":\"A1\"}\n[1]\n{\"name\":\"no id\"}\nnot json\n\n{\"id\":\"A2\"}\n");
        Importer.Summary s = importer(file, this::idempotent).run(false, (d, t) -> { });
        assertEquals(Map.of("created", 2L), s.outcomes());
        assertEquals(List.of(new Importer.BadRow(2, "a line must be one JSON object"), new Importer.BadRow(3, "id: required")),
                s.bad().subList(0, 2));
        assertEquals(4, s.bad().get(2).line());
        assertTrue(s.bad().get(2).cause().startsWith("not JSON"), s.bad().get(2).cause());
        assertEquals(Set.of("A1", "A2"), written.keySet());
        assertFalse(Files.exists(Importer.defaultCheckpoint(file)), "a finished import leaves no checkpoint");
    }

    @Test
    void an_import_the_stack_stops_resumes_after_the_rows_handled_and_counts_each_row_once() throws Exception {
        StringBuilder text = new StringBuilder("id\n");
        for (int i = 1; i <= 200; i++) {
            text.append("A").append(i).append('\n');
        }
        Path file = dir.resolve("many.csv");
        Files.writeString(file, text.toString());
        AtomicInteger calls = new AtomicInteger();
        Importer.Summary first = importer(file, row -> {
            if (calls.incrementAndGet() == 120) {
                throw new IllegalStateException("the table does not answer");
            }
            return idempotent(row);
        }).run(false, (d, t) -> { });
        assertTrue(first.stoppedBy().orElseThrow().endsWith("the table does not answer"), first.stoppedBy().get());
        assertTrue(Files.exists(Importer.defaultCheckpoint(file)));

        Importer.Summary second = importer(file, this::idempotent).run(false, (d, t) -> { });
        assertTrue(second.stoppedBy().isEmpty());
        assertTrue(second.resumedAfter() > 0 && second.resumedAfter() < 201, "resumed after line " + second.resumedAfter());
        assertEquals(200, written.size());
        long counted = second.outcomes().values().stream().mapToLong(Long::longValue).sum();
        assertEquals(200, counted, "every row counted once over both runs: " + second.outcomes());
        assertFalse(Files.exists(Importer.defaultCheckpoint(file)));

        Importer.Summary again = importer(file, this::idempotent).run(false, (d, t) -> { });
        assertEquals(Map.of("unchanged", 200L), again.outcomes(), "re-running a finished import changes nothing");
    }

    @Test
    void a_changed_file_is_imported_from_its_start_and_restart_ignores_the_checkpoint() throws Exception {
        Path file = dir.resolve("c.csv");
        Files.writeString(file, "id\nA1\nA2\n");
        Files.writeString(Importer.defaultCheckpoint(file), "{\"kind\":\"rows\",\"size\":1,\"modified\":1,\"line\":3,\"outcomes\":{}}");
        assertEquals(0, importer(file, this::idempotent).run(false, (d, t) -> { }).resumedAfter());
        assertEquals(2, written.size());
    }
}
