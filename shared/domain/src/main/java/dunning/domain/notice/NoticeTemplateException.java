package dunning.domain.notice;

/**
 * A notice template that cannot be used: a missing file or part, a syntax error or an unknown
 * variable. Raised while the catalog loads, never while a notice is rendered.
 */
public final class NoticeTemplateException extends RuntimeException {
    private final String file;

    public NoticeTemplateException(String file, String detail) {
        super(file + ": " + detail);
        this.file = file;
    }

    /** The resource path of the offending file, e.g. {@code notices/en/first-reminder.notice}. */
    public String file() {
        return file;
    }
}
