package dunning.aws.ses;

import dunning.aws.lambda.Backoff;
import dunning.aws.lambda.Deadline;
import dunning.aws.lambda.GaveUpException;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.Body;
import software.amazon.awssdk.services.sesv2.model.Content;
import software.amazon.awssdk.services.sesv2.model.SendEmailResponse;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;
import software.amazon.awssdk.services.sesv2.model.TooManyRequestsException;

/**
 * SES v2 SendEmail with simple content (UTF-8 subject, text and optional HTML body).
 *
 * <p>SES refuses a send over the account's maximum sending rate with a throttling error
 * (TooManyRequestsException, HTTP 429; SES's guide calls it ThrottlingException "Maximum sending
 * rate exceeded"); the mail was not accepted, so sending it again is safe. This class waits with
 * {@link Backoff} and tries again until SES takes it, the attempts are used up or the invocation's
 * {@link Deadline} is near. The SES client built by AwsClients does not retry throttling itself,
 * so these are the only retries of it. "Daily message quota exceeded" is throttling too, but no
 * wait within an invocation ends it: that fails at once. Other errors propagate as they are.
 */
public final class SesMailer implements Mailer {
    private final SesV2Client ses;
    private final Backoff backoff;

    public SesMailer(SesV2Client ses) {
        this(ses, Backoff.standard());
    }

    /** Tests: another backoff (a recording sleeper, a fixed random source). */
    public SesMailer(SesV2Client ses, Backoff backoff) {
        this.ses = ses;
        this.backoff = backoff;
    }

    @Override
    public String send(Email email) {
        Body.Builder body = Body.builder().text(utf8(email.textBody()));
        email.htmlBody().ifPresent(html -> body.html(utf8(html)));
        Body built = body.build();
        Backoff.Attempts attempts = backoff.attempts(Deadline.current());
        while (true) {
            try {
                SendEmailResponse response = ses.sendEmail(b -> {
                    b.fromEmailAddress(email.from())
                            .destination(d -> d.toAddresses(email.to()))
                            .content(c -> c.simple(m -> m.subject(utf8(email.subject())).body(built)));
                    email.replyTo().ifPresent(r -> b.replyToAddresses(r));
                });
                return response.messageId();
            } catch (SesV2Exception e) {
                if (!isSendingRateThrottle(e)) {
                    throw e;
                }
                if (!attempts.retry()) {
                    String what = "mail '" + email.subject() + "' to " + masked(email.to());
                    throw new GaveUpException("SES did not accept " + what + " " + attempts.stopReason()
                            + ": " + message(e), List.of(what));
                }
            }
        }
    }

    /** Throttling that a short wait can end: SES's sending rate, not its daily quota. */
    static boolean isSendingRateThrottle(SesV2Exception e) {
        boolean throttled = e instanceof TooManyRequestsException || e.isThrottlingException();
        return throttled && !message(e).toLowerCase(Locale.ROOT).contains("daily message quota");
    }

    private static String message(SesV2Exception e) {
        String m = e.awsErrorDetails() != null ? e.awsErrorDetails().errorMessage() : null;
        return m != null ? m : String.valueOf(e.getMessage());
    }

    /** The recipient as logs may show it: first letter and domain. */
    static String masked(String address) {
        int at = address.indexOf('@');
        return at <= 0 ? "***" : address.charAt(0) + "***" + address.substring(at);
    }

    private static Content utf8(String data) {
        return Content.builder().data(data).charset("UTF-8").build();
    }
}
