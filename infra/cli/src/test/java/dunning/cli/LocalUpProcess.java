package dunning.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code dunning local up} as a child process, as an operator runs it: the class {@code ./dunning} runs
 * ({@code DunningCli}) on this module's test class path (./dunning itself would start a Maven build of
 * the reactor running the test), ready once it prints its ready line, stopped by SIGTERM.
 */
final class LocalUpProcess implements AutoCloseable {
    final Process process;
    final URI endpoint;
    /** What it printed so far (it goes on printing while it runs). */
    final List<String> lines;
    final long readyMillis;
    private final Thread reader;

    private LocalUpProcess(Process process, URI endpoint, List<String> lines, Thread reader, long readyMillis) {
        this.process = process;
        this.endpoint = endpoint;
        this.lines = lines;
        this.reader = reader;
        this.readyMillis = readyMillis;
    }

    /** Starts {@code dunning local up ARGS --port PORT} in {@code dir} with no AWS_ variables, and waits until it is ready. */
    static LocalUpProcess start(Path dir, int port, List<String> args) throws IOException, InterruptedException {
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DunningCli.class.getName(), "local", "up", "--port", String.valueOf(port)));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        long launched = System.nanoTime();
        Process up = builder.start();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(up.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                    if (line.equals(LocalUpCommand.READY + " " + endpoint)) {
                        ready.countDown();
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "local-up-output");
        reader.start();
        while (!ready.await(200, TimeUnit.MILLISECONDS)) {
            if (!up.isAlive() || System.nanoTime() - launched > TimeUnit.SECONDS.toNanos(180)) {
                up.destroyForcibly();
                throw new AssertionError("`dunning local up` did not get ready:\n" + String.join("\n", lines));
            }
        }
        return new LocalUpProcess(up, endpoint, lines, reader, (System.nanoTime() - launched) / 1_000_000);
    }

    String output() {
        return String.join("\n", lines);
    }

    /** SIGTERM through the handle: Process.destroy() would also close our end of its output, losing what it says on stopping. */
    @Override
    public void close() throws InterruptedException {
        process.toHandle().destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("`dunning local up` did not stop on SIGTERM:\n" + output());
        }
        reader.join(10_000);
    }
}
