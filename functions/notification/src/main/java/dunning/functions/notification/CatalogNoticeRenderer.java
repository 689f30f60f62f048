package dunning.functions.notification;

import dunning.aws.json.BadMessageException;
import dunning.aws.messages.ActionMessage;
import dunning.aws.store.NoticeLog;
import dunning.aws.store.NoticeTemplates;
import dunning.domain.notice.NoticeCatalog;
import dunning.domain.notice.NoticeContext;
import dunning.domain.notice.RenderedNotice;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Renders with the notice catalog in force: the user's published templates over the default ones
 * ({@link NoticeTemplates}; a name neither holds is a bad message). The context is built from the account's open invoices
 * as of the action's date: the overdue ones (due before asOf) and their total, or, before any is
 * overdue (a reminder), the open ones with days overdue zero or less.
 */
public final class CatalogNoticeRenderer implements NoticeRenderer {
    private final NoticeTemplates templates;
    private final String payLinkBase;

    public CatalogNoticeRenderer(NoticeTemplates templates, String payLinkBase) {
        this.templates = templates;
        this.payLinkBase = payLinkBase.endsWith("/") ? payLinkBase : payLinkBase + "/";
    }

    @Override
    public RenderedMail render(ActionMessage.Notification action, NoticeLog.Recipient r) {
        NoticeCatalog catalog = templates.catalog();
        if (!catalog.has(action.template())) {
            throw new BadMessageException("unknown notice template " + action.template());
        }
        List<NoticeLog.OpenInvoice> overdue = r.openInvoices().stream()
                .filter(i -> i.dueDate().isBefore(action.asOf())).toList();
        List<NoticeLog.OpenInvoice> about = overdue.isEmpty() ? r.openInvoices() : overdue;
        if (action.invoiceId().isPresent()) {
            List<NoticeLog.OpenInvoice> named = r.openInvoices().stream()
                    .filter(i -> i.invoiceId().equals(action.invoiceId().get())).toList();
            if (!named.isEmpty()) {
                about = named;
            }
        }
        BigDecimal overdueAmount = overdue.stream().map(NoticeLog.OpenInvoice::balance).reduce(BigDecimal.ZERO, BigDecimal::add);
        int days = about.isEmpty() ? 0
                : (int) ChronoUnit.DAYS.between(about.get(0).dueDate(), action.asOf());
        // a notice about one invoice that has a page of its own (Stripe's hosted invoice) links to it: there the customer
        // pays, or confirms a payment that needs authentication; otherwise the stack's pay page for the account
        Optional<String> invoicePage = action.invoiceId().isPresent() && about.size() == 1 ? about.get(0).payLink() : Optional.empty();
        NoticeContext ctx = new NoticeContext(r.accountId(), r.name(), Currency.getInstance(r.currency()), overdueAmount,
                days, about.stream().map(i -> new NoticeContext.InvoiceLine(i.number(), i.issued(), i.dueDate(), i.balance())).toList(),
                action.fee(), action.level(), action.asOf(),
                invoicePage.orElse(payLinkBase + URLEncoder.encode(r.accountId(), StandardCharsets.UTF_8)),
                Optional.empty(), action.declineCode().map(NoticeContext.FailedPayment::of));
        RenderedNotice n = catalog.render(action.template(), Locale.forLanguageTag(r.locale()), ctx);
        return new RenderedMail(n.subject(), n.text(), n.html());
    }
}
