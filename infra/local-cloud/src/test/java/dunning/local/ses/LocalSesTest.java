package dunning.local.ses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dunning.aws.AwsClients;
import dunning.aws.Env;
import dunning.aws.ses.Mailer;
import dunning.aws.ses.SesMailer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sesv2.model.BadRequestException;
import software.amazon.awssdk.services.sesv2.model.MessageRejectedException;

/** The SES v2 endpoint through the real SDK client and the project's own mailer. */
class LocalSesTest {
    @Test
    void accepts_from_a_verified_sender_keeps_and_writes_the_mail_and_rejects_what_ses_rejects(@TempDir Path mail) throws IOException {
        try (LocalSes ses = LocalSes.start(Optional.of(mail));
             AwsClients clients = new AwsClients(Env.of(Map.of("AWS_REGION", "us-east-1",
                     AwsClients.ENDPOINT_SESV2, ses.endpoint().toString())))) {
            clients.sesV2().createEmailIdentity(b -> b.emailIdentity("billing@dunning.example"));

            String id = new SesMailer(clients.sesV2()).send(new Mailer.Email("billing@dunning.example", "ada@example.org",
                    "First reminder", "Please pay", Optional.of("<p>Please <b>pay</b></p>"), Optional.empty()));

            assertEquals(1, ses.outbox().size());
            assertEquals(id, ses.outbox().get(0).messageId());
            assertEquals(List.of("ada@example.org"), ses.outbox().get(0).to());
            try (var files = Files.list(mail)) {
                String page = Files.readString(files.findFirst().orElseThrow());
                assertTrue(page.contains("<p>Please <b>pay</b></p>") && page.contains("First reminder"), page);
            }

            assertThrows(MessageRejectedException.class, () -> clients.sesV2().sendEmail(b -> b.fromEmailAddress("spoof@evil.example")
                    .destination(d -> d.toAddresses("ada@example.org"))
                    .content(c -> c.simple(m -> m.subject(s -> s.data("x")).body(x -> x.text(t -> t.data("y")))))));
            assertThrows(BadRequestException.class, () -> clients.sesV2().sendEmail(b -> b.fromEmailAddress("billing@dunning.example")
                    .destination(d -> d.toAddresses(List.of()))
                    .content(c -> c.simple(m -> m.subject(s -> s.data("x")).body(x -> x.text(t -> t.data("y")))))));
            List<String> many = IntStream.range(0, 51).mapToObj(i -> "r" + i + "@example.org").toList();
            assertThrows(BadRequestException.class, () -> clients.sesV2().sendEmail(b -> b.fromEmailAddress("billing@dunning.example")
                    .destination(d -> d.toAddresses(many))
                    .content(c -> c.simple(m -> m.subject(s -> s.data("x")).body(x -> x.text(t -> t.data("y")))))));
            assertEquals(1, ses.outbox().size(), "nothing rejected is kept");
        }
    }
}
