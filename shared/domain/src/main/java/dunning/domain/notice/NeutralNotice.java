package dunning.domain.notice;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The neutral notice (FORMAT.md: "where it must render one it has no template for, it uses a
 * neutral notice of that name"): for a template name no catalog holds, a plain notice in every
 * language of the default catalog that still carries what a notice about money must: the overdue
 * amount, any fee and the total due, each open invoice with its due date and balance, and the pay
 * link, in the account's language and formats. It names the template it stands in for in its last
 * line, so a person reading the mail sees which one.
 */
public final class NeutralNotice {
    private NeutralNotice() {}

    private static final Map<String, String> BY_LANGUAGE = Map.of(
            "en", String.join("\n",
                    "== subject ==",
                    "Your account: {{invoicesTotal}} open, {{overdueAmount}} overdue",
                    "== text ==",
                    "Hello {{accountName}},",
                    "",
                    "Here is the state of your account as of {{asOf}}.",
                    "",
                    "Overdue: {{overdueAmount}}",
                    "{{#fee}}",
                    "Fee: {{fee}}",
                    "Total now due: {{totalDue}}",
                    "{{/fee}}",
                    "",
                    "{{> invoices.txt}}",
                    "Open on the invoices listed: {{invoicesTotal}}",
                    "",
                    "{{> pay.txt}}",
                    "",
                    "{{> sign.txt}}",
                    "NAME_LINE",
                    "== html ==",
                    "{{> head.html}}",
                    "<p>Hello {{accountName}},</p>",
                    "<p>Here is the state of your account as of {{asOf}}.</p>",
                    "<p>Overdue: <strong>{{overdueAmount}}</strong>{{#fee}}<br>Fee: {{fee}}<br>Total now due: <strong>{{totalDue}}</strong>{{/fee}}</p>",
                    "{{> invoices.html}}",
                    "<p>Open on the invoices listed: <strong>{{invoicesTotal}}</strong></p>",
                    "{{> pay.html}}",
                    "NAME_HTML",
                    "{{> foot.html}}",
                    ""),
            "de", String.join("\n",
                    "== subject ==",
                    "Ihr Kundenkonto: {{invoicesTotal}} offen, {{overdueAmount}} überfällig",
                    "== text ==",
                    "Guten Tag {{accountName}},",
                    "",
                    "hier ist der Stand Ihres Kundenkontos am {{asOf}}.",
                    "",
                    "Überfällig: {{overdueAmount}}",
                    "{{#fee}}",
                    "Gebühr: {{fee}}",
                    "Jetzt fällig insgesamt: {{totalDue}}",
                    "{{/fee}}",
                    "",
                    "{{> invoices.txt}}",
                    "Offen auf den genannten Rechnungen: {{invoicesTotal}}",
                    "",
                    "{{> pay.txt}}",
                    "",
                    "{{> sign.txt}}",
                    "NAME_LINE",
                    "== html ==",
                    "{{> head.html}}",
                    "<p>Guten Tag {{accountName}},</p>",
                    "<p>hier ist der Stand Ihres Kundenkontos am {{asOf}}.</p>",
                    "<p>Überfällig: <strong>{{overdueAmount}}</strong>{{#fee}}<br>Gebühr: {{fee}}<br>Jetzt fällig insgesamt: <strong>{{totalDue}}</strong>{{/fee}}</p>",
                    "{{> invoices.html}}",
                    "<p>Offen auf den genannten Rechnungen: <strong>{{invoicesTotal}}</strong></p>",
                    "{{> pay.html}}",
                    "NAME_HTML",
                    "{{> foot.html}}",
                    ""));

    /** The neutral notice under each of {@code names}, in every language of the default catalog, as the user's files would hold it. */
    public static UserTemplates forNames(Set<String> names) {
        Map<String, String> files = new TreeMap<>();
        for (String name : names) {
            String label = name.contains("{{") || name.contains("}}") ? "" : "(" + name + ")";
            StringBuilder html = new StringBuilder();
            Template.escapeHtml(label, html);
            BY_LANGUAGE.forEach((lang, source) -> files.put(lang + "/" + name + ".notice", source
                    .replace("NAME_LINE", label).replace("NAME_HTML", label.isEmpty() ? "" : "<p style=\"font-size:12px;color:#666\">"
                            + html + "</p>")));
        }
        return UserTemplates.of(files, "the neutral notice");
    }
}
