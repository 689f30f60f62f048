package dunning.local.portfolio;

import java.util.List;
import java.util.Map;

/**
 * The simulation as one self-contained HTML page: the summary, the ways in, the aging chart, the collection
 * funnel by level, and a timeline per account with its decisions, payments and the mails as SES
 * accepted them (rendered in sandboxed frames). No scripts, no external files.
 */
public final class HtmlReport {
    private HtmlReport() {}

    /** {@code timelines}: how many account timelines to include (the busiest first). */
    public static String render(SimulationReport r, int timelines) {
        StringBuilder h = new StringBuilder(1 << 16);
        h.append("<!doctype html><html lang=en><head><meta charset=utf-8><title>Dunning simulation</title><style>")
                .append("body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#222}")
                .append("h1{font-size:1.6rem}h2{margin-top:2rem;border-bottom:1px solid #ddd}")
                .append("table{border-collapse:collapse}td,th{padding:.2rem .6rem;text-align:left;border-bottom:1px solid #eee}")
                .append("td.n{text-align:right;font-variant-numeric:tabular-nums}.bar{fill:#3b6ea5}.lbl{font-size:12px}")
                .append("details{margin:.3rem 0}summary{cursor:pointer}iframe{width:100%;height:320px;border:1px solid #ccc}")
                .append(".mail{margin:.3rem 0 .8rem 1.5rem}.day{color:#666;font-variant-numeric:tabular-nums}")
                .append("</style></head><body>");
        h.append("<h1>Dunning: simulated portfolio</h1><pre>").append(esc(r.summary())).append("</pre>");

        h.append("<h2>Ways in</h2><p>Each account, its opening invoice and its payments came in by one way, as a deployed stack is fed;"
                + " the invoices of its bill dates are the stack's bill run's, or Stripe's for a Stripe account.</p>");
        h.append("<table><tr><th>way</th><th>accounts</th><th>as</th><th>opening invoices</th><th>as</th><th>billed on bill dates</th>"
                + "<th>by</th></tr>");
        r.ways().forEach((way, c) -> h.append("<tr><td>").append(esc(way.label())).append("</td><td class=n>").append(c.accounts())
                .append("</td><td>").append(esc(way.accountsAs())).append("</td><td class=n>").append(c.openingInvoices())
                .append("</td><td>").append(esc(way.invoicesAs())).append("</td><td class=n>").append(c.billedInvoices())
                .append("</td><td>").append(esc(way.billedBy())).append("</td></tr>"));
        h.append("</table><pre>").append(esc(String.join("\n", r.loading()))).append("</pre>");

        h.append("<h2>Aging of open invoices at the end (").append(r.end()).append(")</h2>");
        h.append(bars(r.agingCount()));
        h.append("<table><tr><th>bucket</th><th>invoices</th><th>open amount</th></tr>");
        for (String b : SimulationReport.BUCKETS) {
            h.append("<tr><td>").append(b).append("</td><td class=n>").append(r.agingCount().get(b)).append("</td><td>")
                    .append(esc(SimulationReport.money(r.agingAmount().get(b)))).append("</td></tr>");
        }
        h.append("</table>");

        h.append("<h2>Collection funnel by level</h2>");
        h.append("<p>Accounts that reached each level (any path) during the run.</p>");
        h.append(bars(r.funnel()));

        h.append("<h2>Emails by template</h2><table>");
        r.emailsByTemplate().forEach((t, n) -> h.append("<tr><td>").append(esc(t)).append("</td><td class=n>").append(n).append("</td></tr>"));
        h.append("</table>");

        h.append("<h2>Account timelines</h2><p>The ").append(timelines)
                .append(" accounts with the most entries; each mail is shown as SES accepted it.</p>");
        Map<String, Portfolio.Member> members = Simulation.byId(r.outcome().portfolio());
        r.timelines().entrySet().stream()
                .sorted((a, b) -> Integer.compare(b.getValue().size(), a.getValue().size()))
                .limit(timelines)
                .forEach(e -> timeline(h, r, members.get(e.getKey()), e.getValue()));
        h.append("</body></html>\n");
        return h.toString();
    }

    private static void timeline(StringBuilder h, SimulationReport r, Portfolio.Member m, List<SimulationReport.TimelineEntry> entries) {
        String account = m.account().id();
        h.append("<details><summary><b>").append(esc(account)).append("</b> ")
                .append(esc(m.account().currency())).append(", ").append(esc(String.join(" ", m.account().tags())))
                .append(", payer ").append(m.payer().name().toLowerCase()).append(", in by ").append(esc(m.way().label()))
                .append(", final status ")
                .append(esc(r.finalStatus().getOrDefault(account, "ACTIVE"))).append(" (").append(entries.size()).append(" entries)</summary><ul>");
        for (SimulationReport.TimelineEntry e : entries) {
            h.append("<li><span class=day>").append(e.day()).append("</span> ").append(esc(e.what()));
            e.mail().ifPresent(mail -> {
                h.append("<div class=mail><details><summary>open the mail</summary>");
                if (mail.html().isPresent()) {
                    h.append("<iframe sandbox srcdoc=\"").append(esc(mail.html().get())).append("\"></iframe>");
                } else {
                    h.append("<pre>").append(esc(mail.text())).append("</pre>");
                }
                h.append("</details></div>");
            });
            h.append("</li>");
        }
        h.append("</ul></details>");
    }

    /** A horizontal bar chart in inline SVG. */
    private static String bars(Map<String, Integer> values) {
        int max = Math.max(1, values.values().stream().mapToInt(Integer::intValue).max().orElse(1));
        int row = 26;
        StringBuilder s = new StringBuilder("<svg width=760 height=" + (values.size() * row + 10) + " role=img>");
        int y = 5;
        for (Map.Entry<String, Integer> e : values.entrySet()) {
            int w = (int) Math.round(500.0 * e.getValue() / max);
            s.append("<text class=lbl x=0 y=").append(y + 16).append('>').append(esc(e.getKey())).append("</text>")
                    .append("<rect class=bar x=200 y=").append(y + 3).append(" width=").append(w).append(" height=18></rect>")
                    .append("<text class=lbl x=").append(206 + w).append(" y=").append(y + 16).append('>').append(e.getValue()).append("</text>");
            y += row;
        }
        return s.append("</svg>").toString();
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
