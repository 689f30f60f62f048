package dunning.bench.notice;

import dunning.aws.lambda.Log;
import dunning.local.LocalCloud;
import dunning.local.portfolio.Simulation;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/**
 * How wide the one email window is, measured through the real notification function on the local
 * cloud: a simulated portfolio runs through the whole chain and {@link EmailWindowProbe} times every
 * send. Prints the median, 99th percentile and maximum of (a) SES's answer time and (b) the time from
 * SES's answer to the SENT record. Usage: {@code EmailWindow [accounts] [days]}.
 */
public final class EmailWindow {
    private EmailWindow() {}

    public static void main(String[] args) throws Exception {
        int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int days = args.length > 1 ? Integer.parseInt(args[1]) : 45;
        LocalDate start = LocalDate.of(2026, 1, 1);
        Log.redirect(new PrintStream(OutputStream.nullOutputStream())); // the handlers' log lines are not the result
        try (LocalCloud cloud = LocalCloud.start(LocalCloud.Options.defaults().startingAt(Simulation.startInstant(start)))) {
            new Simulation(cloud, new Simulation.Options(accounts, days, 42, start)).run(d -> { });
        }
        List<long[]> samples = EmailWindowProbe.samples();
        if (samples.isEmpty()) {
            throw new IllegalStateException("no mail was sent: nothing to measure");
        }
        System.out.printf("%d mails sent through the notification function (%d accounts, %d days)%n", samples.size(), accounts, days);
        print("(a) SES SendEmail, request to answer", samples.stream().mapToLong(s -> s[0]).toArray());
        print("(b) SES answer to SENT record", samples.stream().mapToLong(s -> s[1]).toArray());
    }

    private static void print(String what, long[] nanos) {
        Arrays.sort(nanos);
        System.out.printf("%-40s median %6.2f ms   p99 %6.2f ms   max %6.2f ms%n", what, ms(nanos[nanos.length / 2]),
                ms(nanos[(int) Math.min(nanos.length - 1, Math.ceil(nanos.length * 0.99) - 1)]), ms(nanos[nanos.length - 1]));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
