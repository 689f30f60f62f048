package dunning.local.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dunning.domain.engine.Effect;
import dunning.local.ses.LocalSes;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Each account is evaluated on its own business date (DESIGN §6): the template's daily sweep runs
 * at 06:00 UTC, which is the evening before in Honolulu and Los Angeles and the same day in Berlin
 * and Tokyo, and every action must fall on the right local day, across the US (March 8) and EU
 * (March 29) changes to summer time.
 */
class BusinessDatesTest {
    static final String PLAN = String.join("\n",
            "id: dates",
            "name: Dates",
            "reminders: [ { daysBeforeDue: 2, template: upcoming-invoice } ]",
            "paths:",
            "  STANDARD:",
            "    - { name: Reminder, days: 1, actions: [ { email: { template: first-reminder } } ] }",
            "    - { name: Notice, days: 4, actions: [ { email: { template: second-notice } } ] }");

    static final Map<String, String> ZONES = Map.of("HNL", "Pacific/Honolulu", "LAX", "America/Los_Angeles",
            "BER", "Europe/Berlin", "TYO", "Asia/Tokyo");

    @Test
    void every_action_falls_on_its_accounts_own_local_day_across_summer_time() {
        // due the day before US summer time starts (March 8), and the day before EU summer time starts (March 29)
        Map<String, LocalDate> dues = Map.of("US", LocalDate.of(2026, 3, 7), "EU", LocalDate.of(2026, 3, 28));
        try (Chain chain = Chain.start(Instant.parse("2026-03-01T00:00:00Z"))) {
            chain.plan(PLAN);
            for (var z : ZONES.entrySet()) {
                for (var d : dues.entrySet()) {
                    String account = z.getKey() + "-" + d.getKey();
                    chain.account(account, z.getValue(), "USD", Optional.empty(), List.of());
                    chain.invoice(account, "I1", LocalDate.of(2026, 3, 1), d.getValue(), "40.00");
                }
            }
            chain.cloud.runtime().advanceTo(Instant.parse("2026-04-04T00:00:00Z")); // the template's own schedules

            for (var z : ZONES.entrySet()) {
                ZoneId zone = ZoneId.of(z.getValue());
                for (var d : dues.entrySet()) {
                    String account = z.getKey() + "-" + d.getKey();
                    LocalDate due = d.getValue();
                    Map<String, LocalDate> expected = Map.of("upcoming-invoice", due.minusDays(2), "first-reminder", due.plusDays(1),
                            "second-notice", due.plusDays(4));
                    Map<String, LocalDate> decided = new TreeMap<>();
                    for (var a : chain.actions(account)) {
                        if (a.getKey() instanceof Effect.SendEmail e) {
                            decided.put(e.template(), e.day());
                        }
                    }
                    assertEquals(expected, decided, account + " (" + zone + "): each notice decided on its business date");
                    List<LocalSes.Sent> mails = chain.mailsTo(account);
                    assertEquals(3, mails.size(), account);
                    for (LocalSes.Sent mail : mails) {
                        LocalDate localDay = mail.at().atZone(zone).toLocalDate();
                        assertEquals(true, expected.containsValue(localDay), account + ": mail '" + mail.subject() + "' sent at "
                                + mail.at() + " is " + localDay + " in " + zone + ", not one of its action days " + expected);
                    }
                }
            }
        }
    }
}
