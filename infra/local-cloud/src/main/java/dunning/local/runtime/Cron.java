package dunning.local.runtime;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An EventBridge Scheduler {@code cron(minutes hours day-of-month month day-of-week year)} or
 * {@code rate(n unit)} expression, and the times it fires in a window. Fields take numbers,
 * {@code *}, {@code ?}, lists, ranges and steps, month and weekday names, and {@code L} for the
 * last day of the month: what schedules use. {@code W} and {@code #} are rejected by name, not
 * silently misread.
 */
public final class Cron {
    private static final Map<String, Integer> MONTHS = Map.ofEntries(Map.entry("JAN", 1), Map.entry("FEB", 2),
            Map.entry("MAR", 3), Map.entry("APR", 4), Map.entry("MAY", 5), Map.entry("JUN", 6), Map.entry("JUL", 7),
            Map.entry("AUG", 8), Map.entry("SEP", 9), Map.entry("OCT", 10), Map.entry("NOV", 11), Map.entry("DEC", 12));
    // AWS numbers weekdays 1 = Sunday .. 7 = Saturday
    private static final Map<String, Integer> DAYS = Map.of("SUN", 1, "MON", 2, "TUE", 3, "WED", 4, "THU", 5, "FRI", 6, "SAT", 7);

    private final String expression;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final boolean lastDayOfMonth;
    private final boolean anyDayOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean anyDayOfWeek;
    private final BitSet years;
    private final long rateMinutes;

    private Cron(String expression, BitSet minutes, BitSet hours, BitSet daysOfMonth, boolean lastDayOfMonth,
                 boolean anyDayOfMonth, BitSet months, BitSet daysOfWeek, boolean anyDayOfWeek, BitSet years, long rateMinutes) {
        this.expression = expression;
        this.minutes = minutes;
        this.hours = hours;
        this.daysOfMonth = daysOfMonth;
        this.lastDayOfMonth = lastDayOfMonth;
        this.anyDayOfMonth = anyDayOfMonth;
        this.months = months;
        this.daysOfWeek = daysOfWeek;
        this.anyDayOfWeek = anyDayOfWeek;
        this.years = years;
        this.rateMinutes = rateMinutes;
    }

    public static Cron parse(String expression) {
        String e = expression.trim();
        if (e.startsWith("rate(") && e.endsWith(")")) {
            return rate(e);
        }
        if (!e.startsWith("cron(") || !e.endsWith(")")) {
            throw new IllegalArgumentException("schedule expression " + expression + ": expected cron(...) or rate(...)");
        }
        String[] f = e.substring(5, e.length() - 1).trim().split("\\s+");
        if (f.length != 6) {
            throw new IllegalArgumentException("schedule expression " + expression + ": a cron has 6 fields, found " + f.length);
        }
        boolean anyDom = f[2].equals("?");
        boolean anyDow = f[4].equals("?");
        if (anyDom == anyDow) {
            throw new IllegalArgumentException("schedule expression " + expression
                    + ": exactly one of day-of-month and day-of-week must be ?");
        }
        boolean last = f[2].equals("L");
        return new Cron(expression,
                field(expression, "minutes", f[0], 0, 59, Map.of()),
                field(expression, "hours", f[1], 0, 23, Map.of()),
                anyDom || last ? new BitSet() : field(expression, "day-of-month", f[2], 1, 31, Map.of()),
                last, anyDom,
                field(expression, "month", f[3], 1, 12, MONTHS),
                anyDow ? new BitSet() : field(expression, "day-of-week", f[4], 1, 7, DAYS),
                anyDow,
                field(expression, "year", f[5], 1970, 2199, Map.of()),
                0);
    }

    private static Cron rate(String e) {
        String[] parts = e.substring(5, e.length() - 1).trim().split("\\s+");
        if (parts.length != 2) {
            throw new IllegalArgumentException("schedule expression " + e + ": expected rate(value unit)");
        }
        long n = Long.parseLong(parts[0]);
        long perUnit = switch (parts[1].replaceAll("s$", "")) {
            case "minute" -> 1;
            case "hour" -> 60;
            case "day" -> 24 * 60;
            default -> throw new IllegalArgumentException("schedule expression " + e + ": unit must be minute(s), hour(s) or day(s)");
        };
        if (n <= 0) {
            throw new IllegalArgumentException("schedule expression " + e + ": the value must be positive");
        }
        return new Cron(e, null, null, null, false, false, null, null, false, null, n * perUnit);
    }

    private static BitSet field(String expression, String name, String text, int min, int max, Map<String, Integer> names) {
        BitSet bits = new BitSet();
        for (String part : text.toUpperCase(Locale.ROOT).split(",")) {
            if (part.matches(".*\\dW|LW") || part.contains("#") || part.equals("L")) {
                throw new IllegalArgumentException("schedule expression " + expression + ": " + name + " '" + part
                        + "' is not supported by the local runtime");
            }
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                step = Integer.parseInt(part.substring(slash + 1));
                range = part.substring(0, slash);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                String[] ends = range.split("-");
                from = value(expression, name, ends[0], names);
                to = value(expression, name, ends[1], names);
            } else {
                from = value(expression, name, range, names);
                to = slash >= 0 ? max : from;
            }
            if (from < min || to > max || from > to || step <= 0) {
                throw new IllegalArgumentException("schedule expression " + expression + ": " + name + " '" + part
                        + "' is outside " + min + "-" + max);
            }
            for (int v = from; v <= to; v += step) {
                bits.set(v);
            }
        }
        return bits;
    }

    private static int value(String expression, String name, String text, Map<String, Integer> names) {
        Integer named = names.get(text);
        if (named != null) {
            return named;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("schedule expression " + expression + ": " + name + " '" + text + "' is not a value");
        }
    }

    /**
     * The times this schedule fires in {@code [from, to)}, read in {@code zone}. A rate counts from
     * {@code anchor} (Scheduler counts from the schedule's creation).
     */
    public List<Instant> firings(Instant from, Instant to, ZoneId zone, Instant anchor) {
        List<Instant> out = new ArrayList<>();
        if (rateMinutes > 0) {
            long step = rateMinutes * 60;
            long elapsed = Math.max(0, from.getEpochSecond() - anchor.getEpochSecond());
            long k = (elapsed + step - 1) / step;
            for (Instant t = anchor.plusSeconds(k * step); t.isBefore(to); t = t.plusSeconds(step)) {
                if (!t.isBefore(from)) {
                    out.add(t);
                }
            }
            return out;
        }
        LocalDate first = from.atZone(zone).toLocalDate();
        LocalDate last = to.atZone(zone).toLocalDate();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            if (!matchesDay(day)) {
                continue;
            }
            for (int h = hours.nextSetBit(0); h >= 0; h = hours.nextSetBit(h + 1)) {
                for (int m = minutes.nextSetBit(0); m >= 0; m = minutes.nextSetBit(m + 1)) {
                    // a local time skipped by a DST change fires at the shifted time, as ZonedDateTime resolves it
                    Instant t = ZonedDateTime.of(LocalDateTime.of(day, java.time.LocalTime.of(h, m)), zone).toInstant();
                    if (!t.isBefore(from) && t.isBefore(to)) {
                        out.add(t);
                    }
                }
            }
        }
        return out;
    }

    private boolean matchesDay(LocalDate day) {
        if (!years.get(day.getYear()) || !months.get(day.getMonthValue())) {
            return false;
        }
        if (!anyDayOfMonth) {
            return lastDayOfMonth ? day.getDayOfMonth() == day.lengthOfMonth() : daysOfMonth.get(day.getDayOfMonth());
        }
        int aws = day.getDayOfWeek() == DayOfWeek.SUNDAY ? 1 : day.getDayOfWeek().getValue() + 1;
        return daysOfWeek.get(aws);
    }

    @Override
    public String toString() {
        return expression;
    }
}
