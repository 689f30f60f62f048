package dunning.cli;

import dunning.local.LocalCloud;
import dunning.local.http.EdgeRouter;
import dunning.local.runtime.LocalRuntime;
import dunning.local.server.LocalCloudServer;
import dunning.local.template.TemplateException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dunning local up}: the local cloud as a server for any client, until stopped. Starts
 * {@link LocalCloudServer} on one edge port, prints what a client needs (the endpoint, the region,
 * the stack's outputs, queues and buses) and the ready line a script waits for, then runs the
 * functions on their event sources and the schedules on their clock until SIGTERM or Ctrl-C.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Start the local cloud as a server for any client (an SDK, the AWS CLI) on one loopback port, until stopped.",
                "Prints the endpoint, the region, the stack's outputs and a ready line: \"" + LocalUpCommand.READY + " <endpoint>\"."})
final class LocalUpCommand extends CliCommand {
    static final String READY = "dunning local cloud ready on";

    enum ClockMode { WALL, SIMULATED }

    @Option(names = "--port", defaultValue = "" + EdgeRouter.DEFAULT_PORT, paramLabel = "PORT",
            description = "the one loopback port of every service and of the control endpoint (default: ${DEFAULT-VALUE}, LocalStack's; 0: a free one)")
    int port;

    @Option(names = "--clock", defaultValue = "wall", paramLabel = "wall|simulated",
            description = "schedules fire on the wall clock, or on a simulated clock moved by POST /_dunning/clock/advance (default: ${DEFAULT-VALUE})")
    ClockMode clock;

    @Option(names = "--start", paramLabel = "INSTANT", description = "where a simulated clock starts (default: now), e.g. 2026-02-01T00:00:00Z")
    Instant start;

    @Option(names = "--template", paramLabel = "FILE", description = "the SAM template (default: template.yaml here or in a parent directory)")
    Path template;

    @Option(names = "--param", paramLabel = "KEY=VALUE", description = "a template parameter override; repeatable")
    Map<String, String> parameters = new LinkedHashMap<>();

    @Option(names = "--mail-dir", paramLabel = "DIR", description = "write each mail SES accepts as an HTML file here (default: kept in memory)")
    Path mailDir;

    @Option(names = "--concurrency", defaultValue = "1", paramLabel = "N",
            description = "execution environments per function, as Lambda's concurrency (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--function-log", defaultValue = "target/dunning-local/functions.log", paramLabel = "FILE",
            description = "where the handlers' JSON log lines go (default: ${DEFAULT-VALUE})")
    Path functionLog;

    @Override
    Integer run(PrintWriter out, PrintWriter err) throws InterruptedException {
        if (port < 0 || port > 65_535 || concurrency < 1) {
            err.println("dunning: --port must be 0..65535 and --concurrency at least 1");
            return DunningCli.EXIT_USAGE;
        }
        if (start != null && clock == ClockMode.WALL) {
            err.println("dunning: --start is for --clock simulated; the wall clock starts now");
            return DunningCli.EXIT_USAGE;
        }
        if (template != null && !Files.isRegularFile(template)) {
            err.println("dunning: " + template + ": no such file");
            return DunningCli.EXIT_USAGE;
        }
        LocalCloud.Options options;
        try {
            options = template == null ? LocalCloud.Options.defaults() : LocalCloud.Options.of(template);
        } catch (IllegalStateException e) {
            err.println("dunning: " + e.getMessage() + " (give --template FILE)");
            return DunningCli.EXIT_USAGE;
        }
        options = options.withParameters(parameters).withEdgePort(port);
        options = clock == ClockMode.WALL ? options.followingWallClock()
                : options.startingAt(start != null ? start : Instant.now().truncatedTo(ChronoUnit.SECONDS));
        if (mailDir != null) {
            options = options.withMailDir(mailDir);
        }
        LocalBridge.logTo(functionLog);
        long t0 = System.nanoTime();
        LocalCloudServer server;
        try {
            server = LocalCloudServer.start(options);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof BindException) {
                err.println("dunning: 127.0.0.1:" + port + " is in use (another `dunning local up`, or LocalStack?); choose another with --port");
                return DunningCli.EXIT_USAGE;
            }
            throw e;
        } catch (TemplateException e) {
            err.println("dunning: " + e.getMessage());
            return DunningCli.EXIT_USAGE;
        }
        server.cloud().runtime().concurrency(concurrency);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
                out.println("dunning local cloud stopped");
            } catch (RuntimeException e) {
                out.println("dunning local cloud stopped, not cleanly: " + e);
            } finally {
                out.flush();
                stopped.countDown();
            }
        }, "dunning-local-stop"));
        describe(out, server);
        out.printf("started in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        out.println(READY + " " + server.endpoint());
        out.flush();
        stopped.await();
        return 0;
    }

    private void describe(PrintWriter out, LocalCloudServer server) {
        var cloud = server.cloud();
        var stack = cloud.stack();
        String endpoint = server.endpoint().toString();
        out.printf("dunning local cloud: stack %s from %s%n", stack.stackName(), cloud.template().source().toAbsolutePath());
        out.printf("  endpoint     %s   (every service: AWS_ENDPOINT_URL=%s, or --endpoint-url)%n", endpoint, endpoint);
        out.printf("  region       %s   (any access key is accepted)%n", stack.region());
        out.printf("  clock        %s%n", cloud.clock().followsWallClock() ? "the wall clock: schedules fire at their times"
                : "simulated, at " + cloud.clock().instant() + ": POST " + endpoint + "/_dunning/clock/advance?to=INSTANT");
        out.println("outputs");
        stack.outputs().forEach((k, v) -> out.printf("  %-26s %s%n", k, v));
        out.println("queues");
        stack.queueUrls().forEach((k, v) -> out.printf("  %-26s %s%n", k, v));
        out.println("event buses");
        List<String> partnerBuses = stack.eventBuses().stream().filter(b -> b.startsWith("aws.partner/")).toList();
        for (String bus : stack.eventBuses()) {
            out.printf("  %s%s%n", bus, partnerBuses.contains(bus) ? "   (a partner's: put-partner-events with Source=" + bus + ")" : "");
        }
        out.println("functions");
        Map<String, List<LocalRuntime.EventSource>> sources = cloud.runtime().eventSources().stream()
                .collect(Collectors.groupingBy(LocalRuntime.EventSource::function, LinkedHashMap::new, Collectors.toList()));
        Map<String, List<LocalRuntime.ScheduleInfo>> schedules = cloud.runtime().schedules().stream()
                .collect(Collectors.groupingBy(LocalRuntime.ScheduleInfo::function, LinkedHashMap::new, Collectors.toList()));
        for (var f : cloud.template().functions()) {
            String on = sources.getOrDefault(f.logicalId(), List.of()).stream()
                    .map(s -> s.queue() + " (batch " + s.batchSize() + ")").collect(Collectors.joining(", "));
            String at = schedules.getOrDefault(f.logicalId(), List.of()).stream()
                    .map(s -> s.name() + " " + s.expression() + " " + s.zone()).collect(Collectors.joining(", "));
            out.printf("  %-26s %s%s%n", f.logicalId(), on.isEmpty() ? "" : "on " + on, at.isEmpty() ? "" : (on.isEmpty() ? "" : "; ") + at);
        }
        out.printf("mail         %s%n", mailDir == null
                ? "kept by the SES engine (--mail-dir DIR writes each as HTML)" : "written to " + mailDir.toAbsolutePath());
        out.printf("handler log  %s%n", functionLog.toAbsolutePath());
        out.printf("control      GET %1$s/_dunning/outputs | GET %1$s/_dunning/clock | POST %1$s/_dunning/clock/advance?to=INSTANT"
                + " | POST %1$s/_dunning/drain | GET %1$s/_dunning/invocations%n", endpoint);
    }
}
