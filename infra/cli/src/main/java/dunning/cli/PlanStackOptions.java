package dunning.cli;

import dunning.aws.dynamodb.DynamoTable;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Where the plan and explain commands find the stack: the flags of the shared stack options
 * ({@code --endpoint}, {@code --region}, {@code --table}, {@code --stack}), kept minimal here until
 * that set lands, so it can be folded into it. A deployed stack is reached with the SDK's default
 * credential chain and region; the local cloud (or LocalStack) with {@code --endpoint}, where any
 * credentials do. The table is {@code --table}; reading it from the outputs of {@code --stack} comes
 * with the shared set (it signs CloudFormation's DescribeStacks), so this one asks for {@code --table}.
 */
final class PlanStackOptions {
    @Option(names = "--endpoint", paramLabel = "URL",
            description = "the endpoint of the AWS services, e.g. the local cloud's DynamoDB (default: AWS_ENDPOINT_URL, else AWS)")
    URI endpoint;

    @Option(names = "--region", paramLabel = "REGION",
            description = "the region (default: AWS_REGION, AWS_DEFAULT_REGION or the profile's; us-east-1 with --endpoint)")
    String region;

    @Option(names = "--table", paramLabel = "NAME", description = "the stack's table (its output DunningTableName)")
    String table;

    @Option(names = "--stack", paramLabel = "NAME", description = "the CloudFormation stack whose outputs name the table")
    String stack;

    /** Why the options do not name a table; the command prints it and exits with {@link DunningCli#EXIT_USAGE}. */
    static final class Unresolved extends Exception {
        Unresolved(String message) {
            super(message);
        }
    }

    /** A client and the table it names (close the client). */
    record Stack(DynamoDbClient client, DynamoTable table) implements AutoCloseable {
        @Override
        public void close() {
            client.close();
        }
    }

    Stack resolve() throws Unresolved {
        return resolve(System.getenv());
    }

    Stack resolve(Map<String, String> env) throws Unresolved {
        if (table == null) {
            throw new Unresolved(stack == null ? "which table? give --table NAME (the stack's output DunningTableName)"
                    : "reading the table from stack " + stack + "'s outputs is not in this build: give --table NAME"
                    + " (the stack's output DunningTableName)");
        }
        Optional<URI> at = Optional.ofNullable(endpoint).or(() -> Optional.ofNullable(env.get("AWS_ENDPOINT_URL"))
                .filter(s -> !s.isBlank()).map(s -> URI.create(s.trim())));
        String r = Optional.ofNullable(region).or(() -> Optional.ofNullable(env.get("AWS_REGION")).filter(s -> !s.isBlank()))
                .or(() -> Optional.ofNullable(env.get("AWS_DEFAULT_REGION")).filter(s -> !s.isBlank()))
                .orElse(null);
        if (r == null) {
            try {
                r = new DefaultAwsRegionProviderChain().getRegion().id();
            } catch (RuntimeException none) {
                if (at.isEmpty()) {
                    throw new Unresolved("no region: give --region, or set AWS_REGION");
                }
                r = "us-east-1";
            }
        }
        AwsCredentialsProvider credentials = at.isPresent()
                ? AwsCredentialsProviderChain.of(EnvironmentVariableCredentialsProvider.create(), ProfileCredentialsProvider.create(),
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                : DefaultCredentialsProvider.builder().build();
        var builder = DynamoDbClient.builder().region(Region.of(r)).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create());
        at.ifPresent(builder::endpointOverride);
        DynamoDbClient client = builder.build();
        return new Stack(client, new DynamoTable(client, table));
    }
}
