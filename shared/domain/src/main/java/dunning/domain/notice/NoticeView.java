package dunning.domain.notice;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dunning.domain.notice.NoticeContext.Installment;

/**
 * Turns a {@link NoticeContext} into the names of {@link NoticeVariables}, formatted for one
 * locale. Absent optional values and records are {@link Template#ABSENT}, so that a name never
 * falls through to an outer scope.
 */
final class NoticeView {
    private NoticeView() {}

    static Map<String, Object> of(NoticeContext ctx, NoticeFormats f) {
        Map<String, Object> view = new HashMap<>();
        var cur = ctx.currency();
        view.put("accountName", ctx.accountName());
        view.put("accountId", ctx.accountId());
        view.put("currency", cur.getCurrencyCode());
        view.put("asOf", f.date(ctx.asOf()));
        view.put("payLink", ctx.payLink());
        view.put("overdueAmount", f.money(ctx.overdueAmount(), cur));
        view.put("daysOverdue", f.count(ctx.daysOverdue()));
        view.put("oneDayOverdue", ctx.daysOverdue() == 1);
        view.put("invoiceCount", f.count(ctx.invoices().size()));
        view.put("oneInvoice", ctx.invoices().size() == 1);
        BigDecimal invoicesTotal = BigDecimal.ZERO;
        List<Map<String, Object>> invoices = new ArrayList<>();
        for (NoticeContext.InvoiceLine line : ctx.invoices()) {
            invoicesTotal = invoicesTotal.add(line.openBalance());
            invoices.add(Map.of(
                    "number", line.number(),
                    "issueDate", f.date(line.issueDate()),
                    "dueDate", f.date(line.dueDate()),
                    "balance", f.money(line.openBalance(), cur)));
        }
        view.put("invoicesTotal", f.money(invoicesTotal, cur));
        view.put("invoices", invoices);
        BigDecimal fee = ctx.fee().orElse(BigDecimal.ZERO);
        view.put("totalDue", f.money(ctx.overdueAmount().add(fee), cur));
        view.put("fee", ctx.fee().<Object>map(a -> f.money(a, cur)).orElse(Template.ABSENT));
        view.put("level", ctx.levelName().<Object>map(n -> n).orElse(Template.ABSENT));
        view.put("plan", ctx.paymentPlan().<Object>map(p -> plan(p, f, ctx)).orElse(Template.ABSENT));
        view.put("failure", ctx.failedPayment().<Object>map(fp -> Map.of(
                "declineCode", fp.declineCode(),
                "hardDecline", fp.hardDecline(),
                "softDecline", !fp.hardDecline())).orElse(Template.ABSENT));
        return view;
    }

    private static Map<String, Object> plan(NoticeContext.PaymentPlanDetails p, NoticeFormats f, NoticeContext ctx) {
        var cur = ctx.currency();
        List<Installment> schedule = p.schedule();
        Map<String, Object> plan = new HashMap<>();
        plan.put("installmentCount", f.count(schedule.size()));
        plan.put("installmentAmount", f.money(schedule.get(0).amount(), cur));
        plan.put("planTotal", f.money(p.total(), cur));
        plan.put("firstDueDate", f.date(schedule.get(0).dueDate()));
        plan.put("lastDueDate", f.date(schedule.get(schedule.size() - 1).dueDate()));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Installment i : schedule) rows.add(installment(i, f, ctx));
        plan.put("schedule", rows);
        plan.put("missed", p.missed().<Object>map(i -> installment(i, f, ctx)).orElse(Template.ABSENT));
        return plan;
    }

    private static Map<String, Object> installment(Installment i, NoticeFormats f, NoticeContext ctx) {
        return Map.of(
                "installment", f.count(i.number()),
                "dueDate", f.date(i.dueDate()),
                "amount", f.money(i.amount(), ctx.currency()));
    }
}
