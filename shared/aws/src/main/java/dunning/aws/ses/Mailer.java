package dunning.aws.ses;

import java.util.Optional;

/** Port: sends one email and returns the provider's message id. */
public interface Mailer {
    record Email(String from, String to, String subject, String textBody, Optional<String> htmlBody,
                 Optional<String> replyTo) {}

    String send(Email email);
}
