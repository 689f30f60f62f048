package dunning.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * A stack's outputs from CloudFormation's {@code DescribeStacks} (API version 2010-05-15, query
 * protocol: a signed form post, an XML answer). The SDK's CloudFormation module is not in this
 * build's repository (nor its query protocol module), so this is that one call made with the SDK's
 * own SigV4 signer and HTTP client, read with the JDK's XML parser.
 */
final class CloudFormationOutputs {
    static final String VERSION = "2010-05-15";

    /** CloudFormation refused, or did not answer as documented. */
    static final class Failed extends Exception {
        Failed(String message) {
            super(message);
        }
    }

    private CloudFormationOutputs() {}

    /** The outputs of {@code stack} (name or id) by OutputKey: at {@code endpoint}, else CloudFormation's regional endpoint. */
    static Map<String, String> describe(SdkHttpClient http, Optional<URI> endpoint, String region, String stack,
                                        AwsCredentialsProvider credentials) throws Failed {
        URI at = endpoint.orElse(URI.create("https://cloudformation." + region + ".amazonaws.com"));
        String body = "Action=DescribeStacks&Version=" + VERSION + "&StackName=" + URLEncoder.encode(stack, StandardCharsets.UTF_8);
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(URI.create(at.toString().replaceAll("/$", "") + "/"))
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8").build();
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        SignedRequest signed;
        try {
            signed = AwsV4HttpSigner.create().sign(r -> r.identity(credentials.resolveCredentials()).request(request)
                    .payload(ContentStreamProvider.fromByteArray(payload))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "cloudformation")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        } catch (RuntimeException e) {
            throw new Failed("no credentials to sign DescribeStacks with: " + e.getMessage());
        }
        byte[] answer;
        int status;
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder().request(signed.request())
                    .contentStreamProvider(signed.payload().orElseThrow()).build()).call();
            status = response.httpResponse().statusCode();
            try (InputStream in = response.responseBody().map(InputStream.class::cast).orElse(InputStream.nullInputStream())) {
                answer = in.readAllBytes();
            }
        } catch (IOException e) {
            throw new Failed("CloudFormation at " + at + " did not answer: " + e.getMessage());
        }
        Document xml = parse(answer, at);
        if (status >= 400) {
            throw new Failed(text(xml.getDocumentElement(), "Code").orElse("HTTP " + status) + ": "
                    + text(xml.getDocumentElement(), "Message").orElse(new String(answer, StandardCharsets.UTF_8)));
        }
        NodeList stacks = xml.getElementsByTagName("Stacks");
        if (stacks.getLength() == 0) {
            throw new Failed("the DescribeStacks answer has no Stacks");
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        NodeList members = ((Element) stacks.item(0)).getElementsByTagName("Outputs");
        if (members.getLength() > 0) {
            NodeList items = ((Element) members.item(0)).getElementsByTagName("member");
            for (int i = 0; i < items.getLength(); i++) {
                Element member = (Element) items.item(i);
                text(member, "OutputKey").ifPresent(k -> outputs.put(k, text(member, "OutputValue").orElse("")));
            }
        }
        return outputs;
    }

    private static Document parse(byte[] xml, URI at) throws Failed {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new Failed("CloudFormation at " + at + " answered something that is not its XML: " + e.getMessage());
        }
    }

    private static Optional<String> text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? Optional.empty() : Optional.of(nodes.item(0).getTextContent().trim());
    }
}
