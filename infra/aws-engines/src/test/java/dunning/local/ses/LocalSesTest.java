package dunning.local.ses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sesv2.model.BadRequestException;
import software.amazon.awssdk.services.sesv2.model.MessageRejectedException;

/** The SES v2 endpoint through the real SDK client. */
class LocalSesTest {
    @Test
    void accepts_from_a_verified_sender_keeps_and_writes_the_mail_and_rejects_what_ses_rejects(@TempDir Path mail) throws IOException {
        try (LocalSes ses = LocalSes.start(Optional.of(mail));
             SesV2Client client = SesV2Client.builder().endpointOverride(ses.endpoint()).region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                     .httpClient(UrlConnectionHttpClient.create()).build()) {
            client.createEmailIdentity(b -> b.emailIdentity("billing@dunning.example"));

            String id = client.sendEmail(b -> b.fromEmailAddress("billing@dunning.example")
                    .destination(d -> d.toAddresses("ada@example.org"))
                    .content(c -> c.simple(m -> m.subject(t -> t.data("First reminder"))
                            .body(x -> x.text(t -> t.data("Please pay")).html(t -> t.data("<p>Please <b>pay</b></p>")))))).messageId();

            assertEquals(1, ses.outbox().size());
            assertEquals(id, ses.outbox().get(0).messageId());
            assertEquals(List.of("ada@example.org"), ses.outbox().get(0).to());
            try (var files = Files.list(mail)) {
                String page = Files.readString(files.findFirst().orElseThrow());
                assertTrue(page.contains("<p>Please <b>pay</b></p>") && page.contains("First reminder"), page);
            }

            assertThrows(MessageRejectedException.class, () -> client.sendEmail(b -> b.fromEmailAddress("spoof@evil.example")
                    .destination(d -> d.toAddresses("ada@example.org"))
                    .content(c -> c.simple(m -> m.subject(s -> s.data("x")).body(x -> x.text(t -> t.data("y")))))));
            assertThrows(BadRequestException.class, () -> client.sendEmail(b -> b.fromEmailAddress("billing@dunning.example")
                    .destination(d -> d.toAddresses(List.of()))
                    .content(c -> c.simple(m -> m.subject(s -> s.data("x")).body(x -> x.text(t -> t.data("y")))))));
            List<String> many = IntStream.range(0, 51).mapToObj(i -> "r" + i + "@example.org").toList();
            assertThrows(BadRequestException.class, () -> client.sendEmail(b -> b.fromEmailAddress("billing@dunning.example")
                    .destination(d -> d.toAddresses(many))
                    .content(c -> c.simple(m -> m.subject(s -> s.data("x")).body(x -> x.text(t -> t.data("y")))))));
            assertEquals(1, ses.outbox().size(), "nothing rejected is kept");
        }
    }
}
