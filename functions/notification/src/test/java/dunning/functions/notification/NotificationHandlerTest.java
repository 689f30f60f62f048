package dunning.functions.notification;

import static dunning.aws.lambda.SqsEvents.batch;
import static dunning.aws.lambda.SqsEvents.failed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dunning.aws.lambda.SqsBatch;
import dunning.aws.eventbridge.FirstPublishFails;
import dunning.aws.json.Json;
import dunning.aws.lambda.Backoff;
import dunning.aws.memory.RecordingEventPublisher;
import dunning.aws.memory.RecordingMailer;
import dunning.aws.store.ActionStatus;
import dunning.aws.store.NoticeLog;
import dunning.domain.notice.NoticeCatalog;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NotificationHandlerTest {
    private final InMemoryNoticeLog log = new InMemoryNoticeLog();
    private final RecordingMailer mailer = new RecordingMailer();
    private final RecordingEventPublisher events = new RecordingEventPublisher();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-02T06:00:00Z"));
    /** Retries of the record write wait on no clock: the test says what fails, not how long waits take. */
    static final Backoff NO_WAIT = Backoff.standard(d -> { }, () -> 0.5);
    private final NotificationHandler handler = new NotificationHandler(new NotificationService(log,
            new CatalogNoticeRenderer(NoticeCatalog::standard, "https://pay.example.org/"), mailer, events, clock,
            "billing@example.org", NO_WAIT), SqsBatch.withoutDeadLetters(NotificationHandler.NAME));

    @BeforeEach
    void account() {
        log.recipients.put("A1", new NoticeLog.Recipient("A1", "Ada Lovelace", Optional.of("ada@example.org"), "en", "USD", "UTC",
                List.of(new NoticeLog.OpenInvoice("INV-1", "INV-1", LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 1),
                        new BigDecimal("120.00")))));
        log.recipients.put("B1", new NoticeLog.Recipient("B1", "Bertha Benz", Optional.of("bertha@example.org"), "de", "EUR", "Europe/Berlin",
                List.of(new NoticeLog.OpenInvoice("INV-9", "2026-0009", LocalDate.of(2025, 12, 1), LocalDate.of(2025, 12, 15),
                        new BigDecimal("1234.50")))));
    }

    static String notice(String key, String account, String template) {
        return "{\"idempotencyKey\":\"" + key + "\",\"accountId\":\"" + account + "\",\"episodeId\":\"E1\",\"level\":\"First Reminder\","
                + "\"asOf\":\"2026-01-02\",\"template\":\"" + template + "\"}";
    }



    private void pending(String key) {
        log.actions.put(key, new InMemoryNoticeLog.Row(ActionStatus.PENDING, null, null, null, null));
    }

    @Test
    void poison_messages_fail_alone() {
        pending("k1");
        pending("k2");
        pending("k3");
        pending("k4");
        SQSBatchResponse r = handler.handleRequest(batch(notice("k1", "A1", "first-reminder"), notice("k2", "A1", "no-such-template"),
                notice("k3", "ZZ", "first-reminder"), "{\"accountId\":\"A1\"}", notice("k4", "B1", "first-reminder")), null);
        assertEquals(List.of("m1", "m2", "m3"), failed(r));
        assertEquals(2, mailer.sent().size());
        assertEquals("ada@example.org", mailer.sent().get(0).to());
        assertEquals("billing@example.org", mailer.sent().get(0).from());
        assertTrue(mailer.sent().get(1).textBody().contains("1.234,50"), mailer.sent().get(1).textBody());
        assertEquals(ActionStatus.PENDING, log.actions.get("k2").status(), "a template problem claims nothing");
        assertEquals(2, events.published().size());
        var detail = Json.parse(events.published().get(0).detailJson());
        assertEquals("local-1", detail.get("messageId").asText());
        assertEquals(ActionStatus.DONE, log.actions.get("k1").status());
    }

    @Test
    void the_same_message_twice_sends_one_mail() {
        pending("k1");
        assertEquals(List.of(), failed(handler.handleRequest(batch(notice("k1", "A1", "first-reminder"),
                notice("k1", "A1", "first-reminder")), null)));
        assertEquals(List.of(), failed(handler.handleRequest(batch(notice("k1", "A1", "first-reminder")), null)));
        assertEquals(1, mailer.sent().size());
        assertEquals(1, events.published().size());
        assertEquals(1, log.communications.size());
    }

    /** A failed write of the SENT record is retried: one passing failure sends one mail and records it. */
    @Test
    void a_failed_record_write_after_ses_accepted_is_retried_not_resent() {
        pending("k1");
        log.failNextMarkSent = 1;
        assertEquals(List.of(), failed(handler.handleRequest(batch(notice("k1", "A1", "first-reminder")), null)));
        assertEquals(1, mailer.sent().size());
        assertEquals(ActionStatus.DONE, log.actions.get("k1").status());
        assertEquals(Set.of("local-1"), log.actions.get("k1").messageIds());
    }

    /** When recording keeps failing, the message id alone is kept: a redelivery records the send and never mails again. */
    @Test
    void when_recording_keeps_failing_the_message_id_is_kept_and_a_redelivery_does_not_resend() {
        pending("k1");
        log.failNextMarkSent = 100;
        assertEquals(List.of("m0"), failed(handler.handleRequest(batch(notice("k1", "A1", "first-reminder")), null)));
        assertEquals(Set.of("local-1"), log.actions.get("k1").messageIds(), "SES's message id is on the record");
        log.failNextMarkSent = 0;
        clock.advance(NotificationService.LEASE.plusSeconds(1));
        assertEquals(List.of(), failed(handler.handleRequest(batch(notice("k1", "A1", "first-reminder")), null)));
        assertEquals(1, mailer.sent().size(), "the send was known: no second mail");
        assertEquals(ActionStatus.DONE, log.actions.get("k1").status());
    }

    /** The one window left: SES accepted and nothing at all could be written; after the lease one more mail goes. */
    @Test
    void when_nothing_can_be_written_after_ses_accepted_one_more_mail_goes_after_the_lease() {
        pending("k1");
        log.failNextMarkSent = 100;
        log.failNextRemember = 1;
        assertEquals(List.of("m0"), failed(handler.handleRequest(batch(notice("k1", "A1", "first-reminder")), null)));
        log.failNextMarkSent = 0;
        clock.advance(Duration.ofSeconds(30));
        assertEquals(List.of("m0"), failed(handler.handleRequest(batch(notice("k1", "A1", "first-reminder")), null)));
        assertEquals(1, mailer.sent().size(), "in flight: no second mail inside the lease");
        clock.advance(NotificationService.LEASE);
        assertEquals(List.of(), failed(handler.handleRequest(batch(notice("k1", "A1", "first-reminder")), null)));
        assertEquals(2, mailer.sent().size());
        assertEquals(ActionStatus.DONE, log.actions.get("k1").status());
        assertEquals(Set.of("local-2"), log.actions.get("k1").messageIds(), "the first send is the window: nothing recorded it");
    }

    /** An account without an address gets no mail, the record says why, and nothing loops. */
    @Test
    void a_profile_without_email_fails_the_notice_once_with_its_reason() {
        pending("k1");
        log.recipients.put("A2", new NoticeLog.Recipient("A2", "No Mail", Optional.empty(), "en", "USD", "UTC", List.of()));
        assertEquals(List.of(), failed(handler.handleRequest(batch(notice("k1", "A2", "first-reminder")), null)));
        assertEquals(ActionStatus.FAILED, log.actions.get("k1").status());
        assertEquals("the account has no email address", log.actions.get("k1").failure());
        assertEquals(List.of(), failed(handler.handleRequest(batch(notice("k1", "A2", "first-reminder")), null)));
        assertEquals(0, mailer.sent().size());
    }

    @Test
    void a_crash_after_recording_sent_announces_without_sending_again() {
        pending("k1");
        var failing = new FirstPublishFails(events);
        NotificationHandler h = new NotificationHandler(new NotificationService(log,
                new CatalogNoticeRenderer(NoticeCatalog::standard, "https://pay.example.org/"), mailer, failing, clock, "billing@example.org",
                NO_WAIT), SqsBatch.withoutDeadLetters(NotificationHandler.NAME));
        assertEquals(List.of("m0"), failed(h.handleRequest(batch(notice("k1", "A1", "first-reminder")), null)));
        assertEquals(List.of(), failed(h.handleRequest(batch(notice("k1", "A1", "first-reminder")), null)));
        assertEquals(1, mailer.sent().size());
        assertEquals(1, events.published().size());
        assertEquals("local-1", Json.parse(events.published().get(0).detailJson()).get("messageId").asText());
    }

    @Test
    void missing_environment_is_named_at_construction() {
        var e = assertThrows(IllegalStateException.class, () -> new NotificationHandler(
                Map.of("TABLE_NAME", "t", "EVENT_BUS_NAME", "dunning"), Clock.systemUTC()));
        assertTrue(e.getMessage().contains("PAY_LINK_BASE_URL, SENDER_EMAIL"), e.getMessage());
    }
}
