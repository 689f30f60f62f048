package dunning.domain.notice;

import java.util.Objects;

/**
 * One notice, ready to send: a one-line subject, a plain-text part and an HTML part.
 * Every value substituted into {@code html} has been HTML-escaped.
 */
public record RenderedNotice(String subject, String text, String html) {
    public RenderedNotice {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(html, "html");
    }
}
