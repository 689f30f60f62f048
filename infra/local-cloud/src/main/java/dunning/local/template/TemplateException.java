package dunning.local.template;

/** A template that cannot be read or resolved; the message names the place and what is wrong. */
public class TemplateException extends RuntimeException {
    public TemplateException(String message) {
        super(message);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
