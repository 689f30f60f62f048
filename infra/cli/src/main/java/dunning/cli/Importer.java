package dunning.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs an onboarding file's rows through a {@link RowWriter}, several at once, and keeps a checkpoint
 * so an interrupted import resumes where it stopped:
 * <ul>
 * <li>each row is written whole or not at all (the writer's one conditional write or transaction);</li>
 * <li>a bad row is reported with its line and cause and the import goes on;</li>
 * <li>a failure that is not the row's fault (the stack does not answer, throttling beyond the SDK's
 *     retries) stops the import: the rows in flight finish, the checkpoint is kept, and running the
 *     same command again resumes after the last line below which every row was handled;</li>
 * <li>re-running a finished import changes nothing: every writer is idempotent (the same profile is
 *     UNCHANGED, the same invoice ALREADY_ISSUED).</li>
 * </ul>
 * The checkpoint ({@code FILE.import-checkpoint} beside the file unless told otherwise) names the
 * file's size and modification time; a changed file is imported from its start. A finished import
 * deletes it.
 */
final class Importer {
    /** Writes one row; returns what happened to it (a short word: created, updated, unchanged, issued, …). */
    interface RowWriter {
        String write(ImportFile.Row row);
    }

    /** Tells a row's own fault (reported, the import goes on) from the stack's (the import stops). */
    interface Faults {
        Optional<String> rowFault(RuntimeException e);
    }

    record BadRow(long line, String cause) {}

    /**
     * What the import did, this run and any earlier run it resumed.
     *
     * @param stoppedBy empty when every row was handled
     */
    record Summary(long rows, Map<String, Long> outcomes, List<BadRow> bad, long resumedAfter, long handledThisRun, Duration took,
                   Optional<String> stoppedBy) {
        double rowsPerSecond() {
            return handledThisRun * 1e9 / Math.max(1, took.toNanos());
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final String kind;
    private final ImportFile.Format format;
    private final ImportFile.Columns columns;
    private final RowWriter writer;
    private final Faults faults;
    private final int concurrency;
    private final Path checkpoint;

    Importer(Path file, String kind, ImportFile.Format format, ImportFile.Columns columns, RowWriter writer, Faults faults,
             int concurrency, Path checkpoint) {
        this.file = file;
        this.kind = kind;
        this.format = format;
        this.columns = columns;
        this.writer = writer;
        this.faults = faults;
        this.concurrency = concurrency;
        this.checkpoint = checkpoint;
    }

    static Path defaultCheckpoint(Path file) {
        return file.resolveSibling(file.getFileName() + ".import-checkpoint");
    }

    /**
     * Imports the file; {@code progress} is told (done, total) as rows finish.
     *
     * @param restart ignore a checkpoint and start from the first row
     */
    Summary run(boolean restart, Progress progress) throws IOException, ImportFile.FileProblem {
        long started = System.nanoTime();
        Map<String, Long> outcomes = new TreeMap<>();
        List<BadRow> bad = new ArrayList<>();
        long after = 0;
        Optional<ObjectNode> saved = restart ? Optional.empty() : readCheckpoint();
        if (saved.isPresent()) {
            after = saved.get().path("line").asLong();
            saved.get().path("outcomes").fields().forEachRemaining(e -> outcomes.put(e.getKey(), e.getValue().asLong()));
            for (JsonNode b : saved.get().path("bad")) {
                bad.add(new BadRow(b.path("line").asLong(), b.path("cause").asText()));
            }
        }
        long total = ImportFile.count(file, format, columns);
        long resumedAfter = after;
        Tracker tracker = new Tracker(after, outcomes, bad);
        long doneBefore = tracker.done();
        progress.update(tracker.done(), total);
        AtomicReference<String> stop = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "import");
            t.setDaemon(true);
            return t;
        });
        Semaphore inFlight = new Semaphore(concurrency * 4);
        try {
            ImportFile.read(file, format, columns, new ImportFile.Rows() {
                @Override
                public void row(ImportFile.Row row) {
                    if (stop.get() != null) {
                        return;
                    }
                    tracker.started(row.line());
                    inFlight.acquireUninterruptibly();
                    pool.execute(() -> {
                        try {
                            tracker.finished(row.line(), writer.write(row), null);
                        } catch (RuntimeException e) {
                            Optional<String> cause = faults.rowFault(e);
                            if (cause.isPresent()) {
                                tracker.finished(row.line(), null, cause.get());
                            } else {
                                stop.compareAndSet(null, "line " + row.line() + ": " + e.getMessage());
                                tracker.abandoned(row.line());
                            }
                        } finally {
                            inFlight.release();
                            progress.update(tracker.done(), total);
                        }
                    });
                }

                @Override
                public void unreadable(long line, String cause) {
                    if (stop.get() == null) {
                        tracker.started(line);
                        tracker.finished(line, null, cause);
                    }
                }
            }, after);
        } finally {
            pool.shutdown();
            try {
                pool.awaitTermination(1, TimeUnit.HOURS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        if (stop.get() != null) {
            writeCheckpoint(tracker.watermark(), tracker.foldedOutcomes(), tracker.foldedBad());
        } else {
            Files.deleteIfExists(checkpoint);
        }
        tracker.foldAll();
        List<BadRow> sorted = tracker.foldedBad();
        sorted.sort(Comparator.comparingLong(BadRow::line));
        return new Summary(total, tracker.foldedOutcomes(), sorted, resumedAfter, tracker.done() - doneBefore, took,
                Optional.ofNullable(stop.get()));
    }

    /** Told as rows finish; called from the import's threads. */
    interface Progress {
        void update(long done, long total);
    }

    /**
     * Which rows are done. The checkpoint is a line below which every row was handled; what a row did is
     * folded into the counts once the line is below it, so a resumed import counts each row once.
     */
    private static final class Tracker {
        private final TreeSet<Long> open = new TreeSet<>();
        /** rows handled above the checkpoint (a row below them is still in flight): outcome, or "!" + bad cause */
        private final TreeMap<Long, String> above = new TreeMap<>();
        private long highest;
        private long done;
        final Map<String, Long> outcomes;
        final List<BadRow> bad;

        Tracker(long after, Map<String, Long> outcomes, List<BadRow> bad) {
            this.highest = after;
            this.outcomes = outcomes;
            this.bad = bad;
            this.done = outcomes.values().stream().mapToLong(Long::longValue).sum() + bad.size();
        }

        synchronized void started(long line) {
            open.add(line);
            highest = Math.max(highest, line);
        }

        synchronized void finished(long line, String outcome, String badCause) {
            open.remove(line);
            done++;
            above.put(line, badCause != null ? "!" + badCause : outcome);
            fold(watermark());
        }

        /** A row the import stopped on: it stays in flight, so the checkpoint stays below it. */
        synchronized void abandoned(long line) {
            fold(watermark());
        }

        private void fold(long through) {
            while (!above.isEmpty() && above.firstKey() <= through) {
                Map.Entry<Long, String> e = above.pollFirstEntry();
                if (e.getValue().startsWith("!")) {
                    bad.add(new BadRow(e.getKey(), e.getValue().substring(1)));
                } else {
                    outcomes.merge(e.getValue(), 1L, Long::sum);
                }
            }
        }

        synchronized long done() {
            return done;
        }

        /** Every row at or below this line is handled. */
        synchronized long watermark() {
            return open.isEmpty() ? highest : open.first() - 1;
        }

        /** The counts at the checkpoint (rows at or below it). */
        synchronized Map<String, Long> foldedOutcomes() {
            return new TreeMap<>(outcomes);
        }

        synchronized List<BadRow> foldedBad() {
            return new ArrayList<>(bad);
        }

        /** Everything this run and the runs it resumed handled, above the checkpoint too. */
        synchronized void foldAll() {
            fold(Long.MAX_VALUE);
        }
    }

    private Optional<ObjectNode> readCheckpoint() throws IOException {
        if (!Files.isRegularFile(checkpoint)) {
            return Optional.empty();
        }
        JsonNode c = JSON.readTree(checkpoint.toFile());
        boolean same = c.path("kind").asText().equals(kind) && c.path("size").asLong() == Files.size(file)
                && c.path("modified").asLong() == Files.getLastModifiedTime(file).toMillis();
        return same && c.isObject() ? Optional.of((ObjectNode) c) : Optional.empty();
    }

    private void writeCheckpoint(long line, Map<String, Long> outcomes, List<BadRow> bad) {
        try {
            ObjectNode c = JSON.createObjectNode();
            c.put("file", file.toAbsolutePath().toString());
            c.put("kind", kind);
            c.put("size", Files.size(file));
            c.put("modified", Files.getLastModifiedTime(file).toMillis());
            c.put("line", line);
            ObjectNode o = c.putObject("outcomes");
            outcomes.forEach(o::put);
            var b = c.putArray("bad");
            bad.forEach(r -> b.addObject().put("line", r.line()).put("cause", r.cause()));
            Path tmp = checkpoint.resolveSibling(checkpoint.getFileName() + ".tmp");
            Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(c));
            Files.move(tmp, checkpoint, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Prints the summary as the command shows it. */
    static void print(Summary s, String kind, PrintWriter out) {
        if (s.resumedAfter() > 0) {
            out.printf("resumed after line %d (the rows before it were handled by the earlier run)%n", s.resumedAfter());
        }
        s.bad().forEach(b -> out.printf("line %d: %s%n", b.line(), b.cause()));
        StringBuilder counts = new StringBuilder();
        s.outcomes().forEach((k, v) -> counts.append(counts.length() == 0 ? "" : ", ").append(v).append(' ').append(k));
        out.printf("%s: %d rows: %s; %d bad; this run %d rows in %.1f s (%.0f rows/s)%n", kind, s.rows(),
                counts.length() == 0 ? "none written" : counts, s.bad().size(), s.handledThisRun(), s.took().toNanos() / 1e9,
                s.rowsPerSecond());
        s.stoppedBy().ifPresent(why -> out.printf("stopped: %s%nthe checkpoint is kept: run the same command again to resume%n", why));
    }
}
