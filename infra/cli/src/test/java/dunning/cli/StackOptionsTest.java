package dunning.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dunning.local.LocalCloud;
import dunning.local.server.LocalCloudServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The stack options every operator command shares: the table and region from the local cloud's
 * outputs or CloudFormation's (a loopback stand-in answering DescribeStacks as the API reference
 * shows it), flags first, and a clear reason when nothing names a table.
 */
class StackOptionsTest {
    static LocalCloudServer server;

    @BeforeAll
    static void start() {
        server = LocalCloudServer.start(LocalCloud.Options.defaults().withEdgePort(0));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The options as picocli parses {@code args}, with no region from any profile. */
    static StackOptions parse(String... args) {
        StackShowCommand command = new StackShowCommand();
        new CommandLine(command).parseArgs(args);
        command.stack.profileRegion = Optional::empty;
        return command.stack;
    }

    @Test
    void the_local_cloud_names_table_and_region_and_a_flag_wins() throws Exception {
        StackOptions.Target t = parse("--endpoint", server.endpoint().toString()).resolve(Map.of());
        assertEquals(server.cloud().tableName(), t.table());
        assertEquals("the local cloud's outputs", t.tableFrom());
        assertEquals("us-east-1", t.region());
        assertEquals("the local cloud", t.regionFrom());
        assertEquals(Optional.of(server.endpoint()), t.endpoint());
        assertEquals(server.cloud().stack().outputs(), t.outputs());
        try (var ddb = t.dynamoDb()) {
            assertEquals(server.cloud().tableName(), ddb.describeTable(b -> b.tableName(t.table())).table().tableName(),
                    "the client reaches the table through the edge");
        }

        StackOptions.Target flags = parse("--endpoint", server.endpoint().toString(), "--table", "other", "--region", "eu-west-1")
                .resolve(Map.of("AWS_REGION", "us-west-2"));
        assertEquals("other", flags.table());
        assertEquals("--table", flags.tableFrom());
        assertEquals("eu-west-1", flags.region());

        StackOptions.Target env = parse().resolve(Map.of("AWS_ENDPOINT_URL", server.endpoint().toString(), "AWS_DEFAULT_REGION", "eu-central-1"));
        assertEquals("AWS_ENDPOINT_URL", env.endpointFrom(), "the SDK honours AWS_ENDPOINT_URL, so the options do too");
        assertEquals("eu-central-1", env.region());
        assertEquals("AWS_DEFAULT_REGION", env.regionFrom());
        assertEquals(server.cloud().tableName(), env.table());
    }

    @Test
    void without_a_table_a_stack_or_an_endpoint_the_reason_names_the_ways() throws Exception {
        StackOptions.Unresolved none = assertThrows(StackOptions.Unresolved.class, () -> parse().resolve(Map.of("AWS_REGION", "us-east-1")));
        assertTrue(none.getMessage().contains("--table NAME") && none.getMessage().contains("--stack NAME")
                && none.getMessage().contains("dunning local up"), none.getMessage());
        StackOptions.Unresolved noRegion = assertThrows(StackOptions.Unresolved.class, () -> parse("--table", "t").resolve(Map.of()));
        assertEquals("no region: give --region, or set AWS_REGION", noRegion.getMessage());
        int port;
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        StackOptions.Unresolved nobody = assertThrows(StackOptions.Unresolved.class,
                () -> parse("--endpoint", "http://127.0.0.1:" + port).resolve(Map.of()));
        assertTrue(nobody.getMessage().startsWith("nothing answers at http://127.0.0.1:" + port), nobody.getMessage());
    }

    @Test
    void a_stack_s_outputs_come_from_a_signed_describe_stacks() throws Exception {
        List<String> requests = new CopyOnWriteArrayList<>();
        HttpServer cloudFormation = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        cloudFormation.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(exchange.getRequestHeaders().getFirst("Authorization") + "\n" + URLDecoder.decode(body, StandardCharsets.UTF_8));
            boolean known = body.contains("StackName=dunning-prod");
            byte[] answer = (known ? """
                    <DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
                      <DescribeStacksResult>
                        <Stacks>
                          <member>
                            <StackName>dunning-prod</StackName>
                            <StackStatus>CREATE_COMPLETE</StackStatus>
                            <Outputs>
                              <member><OutputKey>DunningEventBusName</OutputKey><OutputValue>dunning</OutputValue></member>
                              <member><OutputKey>DunningTableName</OutputKey><OutputValue>dunning-prod-DunningTable-1A2B3C</OutputValue></member>
                            </Outputs>
                          </member>
                        </Stacks>
                      </DescribeStacksResult>
                      <ResponseMetadata><RequestId>b9b4b068-3a41-11e5-94eb-example</RequestId></ResponseMetadata>
                    </DescribeStacksResponse>
                    """ : """
                    <ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
                      <Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id nope does not exist</Message></Error>
                      <RequestId>4af14eec-350e-11e4-b260-example</RequestId>
                    </ErrorResponse>
                    """).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
            exchange.sendResponseHeaders(known ? 200 : 400, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        cloudFormation.start();
        try {
            URI at = URI.create("http://127.0.0.1:" + cloudFormation.getAddress().getPort());
            StackOptions.Target t = parse("--endpoint", at.toString(), "--stack", "dunning-prod", "--region", "eu-west-1").resolve(Map.of());
            assertEquals("dunning-prod-DunningTable-1A2B3C", t.table());
            assertEquals("the outputs of stack dunning-prod", t.tableFrom());
            assertEquals(Map.of("DunningEventBusName", "dunning", "DunningTableName", "dunning-prod-DunningTable-1A2B3C"), t.outputs());
            String describe = requests.stream().filter(r -> r.contains("Action=DescribeStacks")).findFirst().orElseThrow();
            assertTrue(describe.matches("(?s)AWS4-HMAC-SHA256 Credential=[^/]+/\\d{8}/eu-west-1/cloudformation/aws4_request, .*"), describe);
            assertTrue(describe.contains("Version=2010-05-15") && describe.contains("StackName=dunning-prod"), describe);

            StackOptions.Unresolved missing = assertThrows(StackOptions.Unresolved.class,
                    () -> parse("--endpoint", at.toString(), "--stack", "nope", "--region", "eu-west-1").resolve(Map.of()));
            assertEquals("stack nope: ValidationError: Stack with id nope does not exist", missing.getMessage());
        } finally {
            cloudFormation.stop(0);
        }
    }

    @Test
    void stack_show_prints_what_it_resolved_and_that_the_table_answers() {
        StringWriter s = new StringWriter();
        int exit = DunningCli.run(new PrintWriter(s, true), "stack", "show", "--endpoint", server.endpoint().toString(), "--region", "us-east-1");
        assertEquals(0, exit, s.toString());
        assertTrue(s.toString().contains("table     " + server.cloud().tableName() + " (from the local cloud's outputs)"), s.toString());
        assertTrue(s.toString().contains("table " + server.cloud().tableName() + " is ACTIVE"), s.toString());

        StringWriter wrong = new StringWriter();
        assertEquals(DunningCli.EXIT_FAILED, DunningCli.run(new PrintWriter(wrong, true), "stack", "show", "--endpoint",
                server.endpoint().toString(), "--region", "us-east-1", "--table", "no-such-table"));
        assertTrue(wrong.toString().contains("dunning: table no-such-table does not answer"), wrong.toString());
    }
}
