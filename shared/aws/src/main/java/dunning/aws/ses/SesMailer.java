package dunning.aws.ses;

import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.Body;
import software.amazon.awssdk.services.sesv2.model.Content;
import software.amazon.awssdk.services.sesv2.model.SendEmailResponse;

/** SES v2 SendEmail with simple content (UTF-8 subject, text and optional HTML body). */
public final class SesMailer implements Mailer {
    private final SesV2Client ses;

    public SesMailer(SesV2Client ses) {
        this.ses = ses;
    }

    @Override
    public String send(Email email) {
        Body.Builder body = Body.builder().text(utf8(email.textBody()));
        email.htmlBody().ifPresent(html -> body.html(utf8(html)));
        SendEmailResponse response = ses.sendEmail(b -> {
            b.fromEmailAddress(email.from())
                    .destination(d -> d.toAddresses(email.to()))
                    .content(c -> c.simple(m -> m.subject(utf8(email.subject())).body(body.build())));
            email.replyTo().ifPresent(r -> b.replyToAddresses(r));
        });
        return response.messageId();
    }

    private static Content utf8(String data) {
        return Content.builder().data(data).charset("UTF-8").build();
    }
}
