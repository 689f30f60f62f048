package dunning.domain.notice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class TemplateParserTest {

    private final Map<String, String> partials = new HashMap<>();
    private final TemplateParser parser = new TemplateParser(new TemplateParser.Partials() {
        @Override
        public String fileOf(String name) {
            return "p/_" + name;
        }

        @Override
        public Optional<String> read(String name) {
            return Optional.ofNullable(partials.get(name));
        }
    });

    private String render(String source, Template.Mode mode, Map<String, Object> view) {
        return parser.parse("t", 1, source, mode).render(view);
    }

    private NoticeTemplateException fails(String source) {
        return assertThrows(NoticeTemplateException.class, () -> parser.parse("t", 1, source, Template.Mode.TEXT));
    }

    @Test
    void standaloneSectionLinesVanishInlineOnesDoNot() {
        Map<String, Object> view = Map.of("invoices", List.of(Map.of("number", "A"), Map.of("number", "B")),
                "oneInvoice", false, "invoiceCount", "2");
        String source = "x\n  {{#invoices}}  \n- {{number}}\n{{/invoices}}\n{{^oneInvoice}}n={{invoiceCount}}{{/oneInvoice}}\ny";
        assertEquals("x\n- A\n- B\nn=2\ny", render(source, Template.Mode.TEXT, view));
    }

    @Test
    void twoTagsOnOneLineAreNotStandalone() {
        Map<String, Object> view = Map.of("oneInvoice", true, "accountId", "A1");
        assertEquals("A1\n", render("{{#oneInvoice}}{{accountId}}\n{{/oneInvoice}}", Template.Mode.TEXT, view));
    }

    @Test
    void htmlModeEscapesSubjectModeFlattens() {
        Map<String, Object> view = Map.of("accountName", "a<b>&\"c'\nd");
        assertEquals("a&lt;b&gt;&amp;&quot;c&#39;\nd", render("{{accountName}}", Template.Mode.HTML, view));
        assertEquals("a<b>&\"c' d", render("{{ accountName }}", Template.Mode.SUBJECT, view));
    }

    @Test
    void syntaxErrorsAreNamedWithTheirLine() {
        assertTrue(fails("a\n{{accountName").getMessage().contains("t: line 2: '{{' is never closed"));
        assertTrue(fails("{{/invoices}}").getMessage().contains("closes a section that was never opened"));
        assertTrue(fails("{{#invoices}}\n{{/plan}}").getMessage()
                .contains("line 2: {{/plan}} does not close {{#invoices}} opened at line 1"));
        assertTrue(fails("{{{accountName}}}").getMessage().contains("unescaped output"));
        assertTrue(fails("{{&accountName}}").getMessage().contains("unescaped output"));
        assertTrue(fails("{{}}").getMessage().contains("empty tag"));
        assertTrue(fails("{{account name}}").getMessage().contains("not a valid name"));
    }

    @Test
    void namesAreCheckedInTheirScope() {
        assertTrue(fails("{{number}}").getMessage().contains("unknown variable 'number'"));
        assertTrue(fails("{{invoices}}").getMessage().contains("'invoices' is a list, not a value"));
        assertTrue(fails("{{#accountName}}x{{/accountName}}").getMessage().contains("always present"));
        assertTrue(fails("{{^fee}}{{fee}}{{/fee}}").getMessage().contains("'fee' may be absent"));
        assertTrue(fails("{{#plan}}{{declineCode}}{{/plan}}").getMessage().contains("unknown variable 'declineCode'"));
        // outer names stay visible inside a section
        parser.parse("t", 1, "{{#invoices}}{{accountName}} {{number}}{{/invoices}}", Template.Mode.TEXT);
    }

    @Test
    void partialsAreCheckedWhereTheyAreIncludedAndMayNotRecurse() {
        partials.put("row", "{{number}}");
        parser.parse("t", 1, "{{#invoices}}{{> row}}{{/invoices}}", Template.Mode.TEXT);
        NoticeTemplateException outside = fails("{{> row}}");
        assertEquals("p/_row", outside.file());
        partials.put("loop", "x{{> loop}}");
        assertTrue(fails("{{> loop}}").getMessage().contains("includes itself"));
    }
}
