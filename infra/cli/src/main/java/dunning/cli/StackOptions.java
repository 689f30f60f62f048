package dunning.cli;

import java.io.PrintWriter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
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
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The options of every operator command that talks to a stack: a deployed one, or the local
 * cloud of {@code dunning local up}. Add it to a command with {@code @Mixin StackOptions stack;}
 * and call {@link #resolve()}; it gives the endpoint, the region, the table and SDK clients.
 *
 * <pre>
 *   --endpoint URL   where every service answers (the local cloud's edge, or LocalStack); else AWS_ENDPOINT_URL; else AWS
 *   --region R       else AWS_REGION, AWS_DEFAULT_REGION, the profile's region, the local cloud's region
 *   --table NAME     else the stack's output DunningTableName: from the local cloud (GET /_dunning/outputs at
 *                    the endpoint), or from CloudFormation's DescribeStacks of --stack NAME
 *   --stack NAME     the CloudFormation stack (sam deploy's stack name)
 * </pre>
 *
 * Credentials: the SDK's default chain against AWS; with an endpoint, the environment or the
 * profile if they hold keys, else dummy ones (the local engines accept any signature).
 */
final class StackOptions {
    /** The output of template.yaml that names the table. */
    static final String TABLE_OUTPUT = "DunningTableName";

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "the endpoint of every AWS service: a running `dunning local up` (e.g. http://127.0.0.1:4566) or LocalStack "
                    + "(default: AWS_ENDPOINT_URL, else AWS itself)")
    URI endpoint;

    @Option(names = "--region", paramLabel = "REGION",
            description = "the region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's, or the local cloud's)")
    String region;

    @Option(names = "--table", paramLabel = "NAME", description = "the table (default: the stack's output " + TABLE_OUTPUT + ")")
    String table;

    @Option(names = "--stack", paramLabel = "NAME", description = "the CloudFormation stack whose outputs name the table")
    String stack;

    /** The region of the AWS profile (AWS_PROFILE, or default), if its config file names one; a test replaces it. */
    java.util.function.Supplier<Optional<String>> profileRegion = StackOptions::regionOfProfile;

    static Optional<String> regionOfProfile() {
        try {
            return Optional.ofNullable(new AwsProfileRegionProvider().getRegion()).map(Region::id);
        } catch (SdkClientException noProfileRegion) {
            return Optional.empty(); // no config file, or no region in it
        }
    }

    /** Why the options do not name a stack; a command prints it and exits with {@link DunningCli#EXIT_USAGE}. */
    static final class Unresolved extends Exception {
        Unresolved(String message) {
            super(message);
        }
    }

    /** What the options resolved to, and where each part came from. */
    record Target(Optional<URI> endpoint, String endpointFrom, String region, String regionFrom, String table, String tableFrom,
                  Map<String, String> outputs, AwsCredentialsProvider credentials) {
        /** A DynamoDB client for the target (close it, or use it in try-with-resources). */
        DynamoDbClient dynamoDb() {
            var b = DynamoDbClient.builder().region(Region.of(region)).credentialsProvider(credentials)
                    .httpClient(UrlConnectionHttpClient.create());
            endpoint.ifPresent(b::endpointOverride);
            return b.build();
        }
    }

    /** Resolves the options against this process's environment. */
    Target resolve() throws Unresolved {
        return resolve(System.getenv());
    }

    /** The target, or empty after telling {@code err} why the options name none (the command then exits 2). */
    Optional<Target> resolveOrTell(PrintWriter err) {
        try {
            return Optional.of(resolve());
        } catch (Unresolved e) {
            err.println("dunning: " + e.getMessage());
            return Optional.empty();
        }
    }

    Target resolve(Map<String, String> env) throws Unresolved {
        Optional<URI> at = Optional.ofNullable(endpoint);
        String endpointFrom = "--endpoint";
        if (at.isEmpty() && nonBlank(env.get("AWS_ENDPOINT_URL"))) {
            at = Optional.of(URI.create(env.get("AWS_ENDPOINT_URL").trim()));
            endpointFrom = "AWS_ENDPOINT_URL";
        }
        if (at.isEmpty()) {
            endpointFrom = "AWS";
        }
        Optional<JsonNode> local = at.isPresent() ? localCloud(at.get()) : Optional.empty();

        String r = region;
        String regionFrom = "--region";
        if (r == null && nonBlank(env.get("AWS_REGION"))) {
            r = env.get("AWS_REGION").trim();
            regionFrom = "AWS_REGION";
        }
        if (r == null && nonBlank(env.get("AWS_DEFAULT_REGION"))) {
            r = env.get("AWS_DEFAULT_REGION").trim();
            regionFrom = "AWS_DEFAULT_REGION";
        }
        if (r == null) {
            Optional<String> fromProfile = profileRegion.get();
            if (fromProfile.isPresent()) {
                r = fromProfile.get();
                regionFrom = "the AWS profile";
            }
        }
        if (r == null && local.isPresent()) {
            r = local.get().path("region").asText();
            regionFrom = "the local cloud";
        }
        if (r == null) {
            throw new Unresolved("no region: give --region, or set AWS_REGION");
        }

        AwsCredentialsProvider credentials = at.isPresent()
                ? AwsCredentialsProviderChain.of(EnvironmentVariableCredentialsProvider.create(), ProfileCredentialsProvider.create(),
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                : DefaultCredentialsProvider.builder().build();

        Map<String, String> outputs = new LinkedHashMap<>();
        String t = table;
        String tableFrom = "--table";
        if (local.isPresent()) {
            local.get().path("outputs").fields().forEachRemaining(e -> outputs.put(e.getKey(), e.getValue().asText()));
        } else if (stack != null && t == null) {
            try (SdkHttpClient http = UrlConnectionHttpClient.create()) {
                outputs.putAll(CloudFormationOutputs.describe(http, at, r, stack, credentials));
            } catch (CloudFormationOutputs.Failed e) {
                throw new Unresolved("stack " + stack + ": " + e.getMessage());
            }
        }
        if (t == null) {
            t = outputs.get(TABLE_OUTPUT);
            tableFrom = local.isPresent() ? "the local cloud's outputs" : "the outputs of stack " + stack;
            if (t == null) {
                throw new Unresolved(local.isPresent() || stack != null
                        ? "the stack has no output " + TABLE_OUTPUT + ": give --table NAME"
                        : "which table? give --table NAME, or --stack NAME (its output " + TABLE_OUTPUT + " names it), or the --endpoint "
                                + "of a running `dunning local up`");
            }
        }
        return new Target(at, endpointFrom, r, regionFrom, t, tableFrom, java.util.Collections.unmodifiableMap(outputs), credentials);
    }

    /**
     * What the local cloud at {@code endpoint} says of itself ({@code GET /_dunning/outputs}); empty
     * when something else answers there (LocalStack, say).
     */
    static Optional<JsonNode> localCloud(URI endpoint) throws Unresolved {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint.toString().replaceAll("/$", "") + "/_dunning/outputs"))
                .timeout(Duration.ofSeconds(10)).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            JsonNode body = new ObjectMapper().readTree(response.body());
            return body.has("outputs") && body.has("region") ? Optional.of(body) : Optional.empty();
        } catch (ConnectException e) {
            throw new Unresolved("nothing answers at " + endpoint + " (is `dunning local up` running there?)");
        } catch (IOException e) {
            // an answer that is not the local cloud's JSON: some other endpoint
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unresolved("interrupted while asking " + endpoint);
        }
    }

    private static boolean nonBlank(String s) {
        return s != null && !s.isBlank();
    }
}
