package dunning.domain.notice;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.Optional;

import dunning.domain.notice.NoticeContext.FailedPayment;
import dunning.domain.notice.NoticeContext.Installment;
import dunning.domain.notice.NoticeContext.PaymentPlanDetails;

final class Fixtures {
    private Fixtures() {}

    static final String PAY_LINK = "https://pay.example.org/a/A-42?t=x&y=1";

    /** A context with every optional part present: fee, level, payment plan (defaulted), failed payment. */
    static NoticeContext full(String name, String currency) {
        Currency cur = Currency.getInstance(currency);
        return NoticeContext.builder("A-42", name, cur, LocalDate.of(2026, 1, 2))
                .overdue(new BigDecimal("1234.50"), 17)
                .invoice("INV-1001", LocalDate.of(2025, 11, 1), LocalDate.of(2025, 12, 16), new BigDecimal("1000.00"))
                .invoice("INV-1002", LocalDate.of(2025, 12, 1), LocalDate.of(2025, 12, 31), new BigDecimal("234.50"))
                .fee(new BigDecimal("25.00"))
                .level("Second Notice")
                .payLink(PAY_LINK)
                .paymentPlan(new PaymentPlanDetails(List.of(
                        new Installment(1, LocalDate.of(2026, 2, 1), new BigDecimal("411.50")),
                        new Installment(2, LocalDate.of(2026, 3, 1), new BigDecimal("411.50")),
                        new Installment(3, LocalDate.of(2026, 4, 1), new BigDecimal("411.50"))),
                        Optional.of(new Installment(1, LocalDate.of(2026, 2, 1), new BigDecimal("411.50")))))
                .failedPayment(FailedPayment.of("insufficient_funds"))
                .build();
    }

    /** The smallest context: one invoice, nothing optional. */
    static NoticeContext minimal(String currency, BigDecimal amount, int days) {
        return NoticeContext.builder("A-1", "Ada Lovelace", Currency.getInstance(currency), LocalDate.of(2026, 1, 2))
                .overdue(amount, days)
                .invoice("INV-1", LocalDate.of(2025, 12, 1), LocalDate.of(2025, 12, 1), amount)
                .payLink("https://pay.example.org/A-1")
                .build();
    }
}
