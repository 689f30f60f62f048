package dunning.local.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class CronTest {
    static final ZoneId UTC = ZoneId.of("UTC");
    static final Instant JAN = Instant.parse("2026-01-01T00:00:00Z");

    List<Instant> firings(String expression, String from, String to) {
        return Cron.parse(expression).firings(Instant.parse(from), Instant.parse(to), UTC, JAN);
    }

    @Test
    void the_templates_schedules() {
        assertEquals(List.of(Instant.parse("2026-01-01T02:00:00Z"), Instant.parse("2026-02-01T02:00:00Z")),
                firings("cron(0 2 1 * ? *)", "2026-01-01T00:00:00Z", "2026-02-15T00:00:00Z"));
        assertEquals(31, firings("cron(0 6 * * ? *)", "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z").size());
    }

    @Test
    void a_window_is_half_open_so_consecutive_windows_never_fire_twice() {
        assertEquals(List.of(Instant.parse("2026-01-02T06:00:00Z")),
                firings("cron(0 6 * * ? *)", "2026-01-01T06:00:01Z", "2026-01-02T06:00:01Z"));
        assertEquals(List.of(), firings("cron(0 6 * * ? *)", "2026-01-02T06:00:01Z", "2026-01-03T06:00:00Z"));
    }

    @Test
    void lists_ranges_steps_names_and_the_last_day() {
        assertEquals(4, firings("cron(0/15 10 * * ? *)", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z").size());
        assertEquals(List.of(Instant.parse("2026-02-28T12:00:00Z")),
                firings("cron(0 12 L * ? *)", "2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z"));
        // Jan 2026: Saturdays 3, 10, 17, 24, 31 and Sundays 4, 11, 18, 25
        assertEquals(9, firings("cron(0 8 ? JAN SAT,SUN *)", "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z").size());
        assertEquals(List.of(), firings("cron(0 8 1 * ? 2027)", "2026-01-01T00:00:00Z", "2026-12-31T00:00:00Z"));
    }

    @Test
    void rates_count_from_the_anchor() {
        assertEquals(List.of(Instant.parse("2026-01-01T06:00:00Z"), Instant.parse("2026-01-01T12:00:00Z")),
                firings("rate(6 hours)", "2026-01-01T05:00:00Z", "2026-01-01T13:00:00Z"));
    }

    @Test
    void mistakes_are_named() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Cron.parse("cron(0 6 * * * *)")).getMessage()
                .contains("exactly one of day-of-month and day-of-week must be ?"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Cron.parse("cron(0 25 * * ? *)")).getMessage()
                .contains("hours '25' is outside 0-23"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Cron.parse("cron(0 6 ? * 2#1 *)")).getMessage()
                .contains("not supported"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Cron.parse("every day")).getMessage()
                .contains("expected cron(...) or rate(...)"));
    }
}
