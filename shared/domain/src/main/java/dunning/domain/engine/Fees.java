package dunning.domain.engine;

import dunning.domain.account.Invoice;
import dunning.domain.money.Currencies;
import dunning.domain.plan.Plan.FeeSpec;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** Fee amounts (FORMAT.md fee forms), computed when the level fires, rounded half-up once to the currency's minor unit. */
final class Fees {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final BigDecimal DAY_PERCENT_YEAR = BigDecimal.valueOf(36_500);

    private Fees() {}

    /**
     * @param overdue       the overdue invoices (not excluded) as the level fires
     * @param overdueAmount their balances summed
     * @param previousFee   the day of the episode's previous fee fired by an earlier level
     */
    static BigDecimal amount(FeeSpec spec, String currency, LocalDate day, List<Invoice> overdue, BigDecimal overdueAmount,
                             Optional<LocalDate> previousFee) {
        BigDecimal raw;
        if (spec instanceof FeeSpec.Fixed fixed) {
            raw = fixed.amounts().getOrDefault(currency, BigDecimal.ZERO);
        } else if (spec instanceof FeeSpec.Percent pct) {
            raw = overdueAmount.multiply(pct.percent()).divide(HUNDRED, MathContext.DECIMAL64);
            BigDecimal min = pct.min().get(currency);
            BigDecimal max = pct.max().get(currency);
            if (min != null && raw.compareTo(min) < 0) {
                raw = min;
            }
            if (max != null && raw.compareTo(max) > 0) {
                raw = max;
            }
        } else {
            // simple interest per overdue invoice on its balance, from the later of its due date and the
            // previous fee, to today; summed, then rounded once
            BigDecimal rate = ((FeeSpec.AnnualInterest) spec).percent();
            BigDecimal sum = BigDecimal.ZERO;
            for (Invoice inv : overdue) {
                LocalDate from = previousFee.filter(p -> p.isAfter(inv.due())).orElse(inv.due());
                long days = Math.max(0, ChronoUnit.DAYS.between(from, day));
                sum = sum.add(inv.balance().multiply(rate).multiply(BigDecimal.valueOf(days)));
            }
            raw = sum.divide(DAY_PERCENT_YEAR, MathContext.DECIMAL64);
        }
        return Currencies.round(raw, currency);
    }
}
