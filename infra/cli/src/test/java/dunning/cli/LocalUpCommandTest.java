package dunning.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** `local up` refuses what it cannot serve before it starts anything (the serving itself: AwsCliLocalUpTest). */
class LocalUpCommandTest {
    @Test
    void wrong_usage_is_refused_with_the_reason() {
        DunningCliTest.Run wallWithStart = DunningCliTest.run("local", "up", "--clock", "wall", "--start", "2026-01-01T00:00:00Z");
        assertEquals(DunningCli.EXIT_USAGE, wallWithStart.exit());
        assertTrue(wallWithStart.output().contains("--start is for --clock simulated"), wallWithStart.output());
        assertEquals(DunningCli.EXIT_USAGE, DunningCliTest.run("local", "up", "--port", "70000").exit());
        DunningCliTest.Run noTemplate = DunningCliTest.run("local", "up", "--template", "no/such/template.yaml");
        assertEquals(DunningCli.EXIT_USAGE, noTemplate.exit());
        assertTrue(noTemplate.output().contains("no/such/template.yaml: no such file"), noTemplate.output());
        assertEquals(DunningCli.EXIT_USAGE, DunningCliTest.run("local", "up", "--clock", "sundial").exit());
    }

    @Test
    void a_port_in_use_is_refused_before_any_engine_starts() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            DunningCliTest.Run r = DunningCliTest.run("local", "up", "--port", String.valueOf(taken.getLocalPort()), "--clock", "simulated");
            assertEquals(DunningCli.EXIT_USAGE, r.exit(), r.output());
            assertTrue(r.output().contains("127.0.0.1:" + taken.getLocalPort() + " is in use"), r.output());
        }
    }
}
