package dunning.aws.ses;

import static dunning.aws.lambda.FakeClock.millis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dunning.aws.lambda.FakeClock;
import dunning.aws.lambda.GaveUpException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.MessageRejectedException;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SendEmailResponse;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;
import software.amazon.awssdk.services.sesv2.model.TooManyRequestsException;

/** SES throttling from a fake client: backoff against the deadline, and what is not retried. */
class SesMailerTest {
    static final Mailer.Email MAIL = new Mailer.Email("billing@example.com", "ada@example.org", "Reminder: INV-1",
            "text", Optional.empty(), Optional.empty());

    /** Throws the scripted exceptions in order, then accepts. */
    static final class ScriptedSes implements SesV2Client {
        final Deque<RuntimeException> failures = new ArrayDeque<>();
        int calls;

        @Override
        public SendEmailResponse sendEmail(SendEmailRequest request) {
            calls++;
            RuntimeException next = failures.poll();
            if (next != null) {
                throw next;
            }
            return SendEmailResponse.builder().messageId("m-" + calls).build();
        }

        @Override
        public String serviceName() {
            return "ses";
        }

        @Override
        public void close() {
        }
    }

    static SesV2Exception tooManyRequests() {
        return TooManyRequestsException.builder().statusCode(429).awsErrorDetails(AwsErrorDetails.builder()
                .errorCode("TooManyRequestsException").errorMessage("Maximum sending rate exceeded.").build()).build();
    }

    static SesV2Exception throttling(String message) {
        return (SesV2Exception) SesV2Exception.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
                .errorCode("ThrottlingException").errorMessage(message).build()).build();
    }

    @RegisterExtension
    final FakeClock clock = new FakeClock();

    SesMailer mailer(ScriptedSes ses) {
        return new SesMailer(ses, clock.backoff());
    }

    @Test
    void a_throttled_send_is_tried_again_after_jittered_waits_until_ses_takes_it() {
        ScriptedSes ses = new ScriptedSes();
        ses.failures.add(tooManyRequests());
        ses.failures.add(throttling("Maximum sending rate exceeded."));
        clock.startInvocation(Duration.ofSeconds(30));

        assertEquals("m-3", mailer(ses).send(MAIL));
        assertEquals(3, ses.calls);
        assertEquals(millis(25, 50), clock.slept());
    }

    @Test
    void near_the_deadline_it_gives_up_naming_the_mail_without_the_full_address() {
        ScriptedSes ses = new ScriptedSes();
        for (int i = 0; i < 20; i++) {
            ses.failures.add(tooManyRequests());
        }
        clock.startInvocation(Duration.ofMillis(2100));

        GaveUpException e = assertThrows(GaveUpException.class, () -> mailer(ses).send(MAIL));

        assertEquals(3, ses.calls, "25 and 50 ms fit above the 2 s margin, 100 ms does not");
        assertEquals(millis(25, 50), clock.slept());
        assertTrue(e.getMessage().contains("mail 'Reminder: INV-1' to a***@example.org"), e.getMessage());
        assertTrue(e.getMessage().contains("Maximum sending rate exceeded"), e.getMessage());
    }

    @Test
    void the_daily_quota_is_not_waited_for() {
        ScriptedSes ses = new ScriptedSes();
        SesV2Exception quota = throttling("Daily message quota exceeded.");
        ses.failures.add(quota);
        clock.startInvocation(Duration.ofSeconds(30));

        assertSame(quota, assertThrows(SesV2Exception.class, () -> mailer(ses).send(MAIL)));
        assertEquals(1, ses.calls);
        assertEquals(0, clock.slept().size());
    }

    @Test
    void a_rejected_mail_is_not_retried() {
        ScriptedSes ses = new ScriptedSes();
        ses.failures.add(MessageRejectedException.builder().statusCode(400).message("Email address is not verified.").build());
        clock.startInvocation(Duration.ofSeconds(30));

        assertThrows(MessageRejectedException.class, () -> mailer(ses).send(MAIL));
        assertEquals(1, ses.calls);
        assertEquals(0, clock.slept().size());
    }
}
